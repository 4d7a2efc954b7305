/*
 * test_conform_sampler_sysv.c - the SysV shared memory segments a run
 * made are removed when its sampler stops, however the run ended: stopped
 * on its shared memory, or killed before it removed them; a segment of a
 * process that is not the run's stays, and so does one whose creator's pid
 * a process of the run happens to reuse (sampler.c, remove_segments).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler.h"
#include "common.h"

/* resident sums only: nothing here holds 1 GiB */
static const struct sampler_opts plain = {.exact_above_kb = 1024 * 1024};

/* A run stopped on its shared memory leaves no SysV segment of its own
 * behind (it was killed before it could remove them); a segment made by a
 * process that is not the run's stays. */
static void test_stop_on_shmem_removes_segments(void **state)
{
	struct sampler s;
	struct sampler_opts so = plain;
	struct shmid_ds ds;
	int ids[2], status, theirs, seg = -1;
	pid_t top;
	char *q;

	(void)state;
	theirs = shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600);
	require(theirs >= 0, "no SysV shared memory here");
	assert_int_equal(pipe(ids), 0);
	so.fs_path = "/";
	so.stop_at.shmem_kb = 16 * 1024;
	assert_int_equal(sampler_start(&s, &so), 0);
	top = fork();
	assert_true(top >= 0);
	if (top == 0) {
		int id = shmget(IPC_PRIVATE, 64 << 20, IPC_CREAT | 0600);
		char *p = id >= 0 ? shmat(id, NULL, 0) : (void *)-1;

		(void)!write(ids[1], &id, sizeof(id));
		if (p != (void *)-1) {
			memset(p, 's', 64 << 20);
			shmdt(p);
		}
		pause();
		_exit(0);
	}
	close(ids[1]);
	atomic_store(&s.kill_on_stop, (int)top);
	assert_int_equal(read(ids[0], &seg, sizeof(seg)), (ssize_t)sizeof(seg));
	assert_true(seg >= 0);
	assert_int_equal(waitpid(top, &status, 0), top);
	sampler_stop(&s);
	assert_int_equal(atomic_load(&s.stopped), SAMPLER_STOP_SHMEM);
	/* the run's segment is gone, the other one is still there */
	assert_true(shmctl(seg, IPC_STAT, &ds) < 0);
	assert_int_equal(shmctl(theirs, IPC_STAT, &ds), 0);
	q = shmat(theirs, NULL, 0);
	assert_true(q != (void *)-1);
	shmdt(q);
	shmctl(theirs, IPC_RMID, NULL);
	close(ids[0]);
}

/* A run killed without any stop (at its timeout, or by its memory
 * cgroup's OOM killer) before it removed its segment: the segment is
 * removed all the same, and one the run did not make is left alone. */
static void test_killed_run_segments_removed(void **state)
{
	struct sampler s;
	struct shmid_ds ds;
	int ids[2], seg = -1, status;
	int theirs = shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600);
	bool gone, kept;
	pid_t top;

	(void)state;
	require(theirs >= 0, "no SysV shared memory here");
	assert_int_equal(pipe(ids), 0);
	assert_int_equal(sampler_start(&s, &plain), 0);
	top = fork();
	assert_true(top >= 0);
	if (top == 0) {
		int id = shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600);

		(void)!write(ids[1], &id, sizeof(id));
		pause();
		_exit(0);
	}
	close(ids[1]);
	assert_int_equal(read(ids[0], &seg, sizeof(seg)), (ssize_t)sizeof(seg));
	assert_true(seg >= 0);
	usleep(100000); /* sampled */
	kill(top, SIGKILL);
	assert_int_equal(waitpid(top, &status, 0), top);
	assert_int_equal(shmctl(seg, IPC_STAT, &ds), 0); /* left by its run */
	sampler_stop(&s);
	assert_int_equal(atomic_load(&s.stopped), SAMPLER_STOP_NONE);
	gone = shmctl(seg, IPC_STAT, &ds) < 0;
	kept = shmctl(theirs, IPC_STAT, &ds) == 0;
	shmctl(seg, IPC_RMID, NULL); /* none left to the host, either way */
	shmctl(theirs, IPC_RMID, NULL);
	close(ids[0]);
	if (!gone)
		fail_msg("the killed run's segment %d outlived the run", seg);
	if (!kept)
		fail_msg("segment %d, not the run's, was removed", theirs);
}

/* Forks a child that waits to be killed, with pid |want| when the kernel
 * hands it out next (ns_last_pid); its pid, whatever it got. */
static pid_t fork_as(pid_t want)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
	pid_t pid;

	assert_true(fd >= 0);
	snprintf(buf, sizeof(buf), "%d", (int)want - 1);
	assert_true(write(fd, buf, strlen(buf)) > 0);
	close(fd);
	if ((pid = fork()) == 0) {
		pause();
		_exit(0);
	}
	assert_true(pid > 0);
	return pid;
}

/* A run's process that has the pid of a segment's creator, long gone, did
 * not make that segment: it stays (the host's, or another row's). */
static void test_reused_pid_keeps_segment(void **state)
{
	struct sampler s;
	struct shmid_ds ds;
	int ids[2], seg = -1, status;
	pid_t creator, run = 0;
	bool kept;

	(void)state;
	only_if(geteuid() == 0, "choosing a child's pid needs root");
	assert_int_equal(pipe(ids), 0);
	if ((creator = fork()) == 0) {
		int id = shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600);

		(void)!write(ids[1], &id, sizeof(id));
		_exit(0);
	}
	assert_int_equal(read(ids[0], &seg, sizeof(seg)), (ssize_t)sizeof(seg));
	assert_int_equal(waitpid(creator, &status, 0), creator);
	close(ids[0]);
	close(ids[1]);
	require(seg >= 0, "no SysV shared memory here");
	sleep(1); /* older than the run, in ctime's seconds */
	usleep(100000);
	assert_int_equal(sampler_start(&s, &plain), 0);
	/* another process may take the pid between the write and the fork */
	for (int i = 0; i < 50 && run != creator; i++) {
		if (run > 0) {
			kill(run, SIGKILL);
			waitpid(run, &status, 0);
		}
		run = fork_as(creator);
	}
	usleep(100000); /* sampled: one of the run's processes */
	kill(run, SIGKILL);
	waitpid(run, &status, 0);
	sampler_stop(&s);
	kept = shmctl(seg, IPC_STAT, &ds) == 0;
	shmctl(seg, IPC_RMID, NULL);
	if (run != creator)
		fail_msg("no child got pid %d in 50 tries", (int)creator);
	if (!kept)
		fail_msg("segment %d, made before the run by a process whose "
		         "pid a run's process had, was removed",
		         seg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stop_on_shmem_removes_segments),
	    cmocka_unit_test(test_killed_run_segments_removed),
	    cmocka_unit_test(test_reused_pid_keeps_segment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
