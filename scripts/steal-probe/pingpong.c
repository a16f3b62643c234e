/* Two processes on the two CPUs pass a byte back and forth through pipes for SECONDS, each optionally sleeping
   SLEEP_MICROS per pass: every pass halts and wakes a vCPU. Prints the round trips. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 5;
    int sleep_micros = argc > 2 ? atoi(argv[2]) : 0;
    int there[2], back[2];
    char byte = 0;
    long round_trips = 0;
    if (pipe(there) || pipe(back)) {
        perror("pipe");
        return 1;
    }
    pid_t echo = fork();
    if (echo == 0) {
        close(there[1]);
        close(back[0]);
        pin(1);
        while (read(there[0], &byte, 1) == 1) {
            if (sleep_micros) usleep(sleep_micros);
            if (write(back[1], &byte, 1) != 1) break;
        }
        _exit(0);
    }
    close(there[0]);
    close(back[1]);
    pin(0);
    time_t end = time(NULL) + seconds;
    while (time(NULL) < end) {
        if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) break;
        round_trips++;
        if (sleep_micros) usleep(sleep_micros);
    }
    close(there[1]);
    waitpid(echo, NULL, 0);
    printf("%ld round trips\n", round_trips);
    return 0;
}
