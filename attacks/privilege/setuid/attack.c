/* setuid: become root through the setuid-root su; the root shell lives a
 * second so the runner sees it. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	execlp("su", "su", "root", "-c", "id; sleep 1", (char *)NULL);
	perror("su");
	return 1;
}
