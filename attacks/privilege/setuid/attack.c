/* setuid: become root through the setuid-root su; the root shell lives 0.3 s
 * so the runner sees it. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	execlp("su", "su", "root", "-c", "id; sleep 0.3", (char *)NULL);
	perror("su");
	return 1;
}
