/* Two processes sleep SLEEP_MICROS at a time for SECONDS: every sleep halts and wakes a vCPU. Prints the wake-ups. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 5;
    long sleep_micros = argc > 2 ? atol(argv[2]) : 20;
    pid_t other = fork();
    struct timespec pause = {0, sleep_micros * 1000};
    long wake_ups = 0;
    time_t end = time(NULL) + seconds;
    while (time(NULL) < end) {
        nanosleep(&pause, NULL);
        wake_ups++;
    }
    if (other == 0) {
        printf("%ld ", wake_ups);
        return 0;
    }
    fflush(stdout);
    waitpid(other, NULL, 0);
    printf("%ld wake-ups\n", wake_ups);
    return 0;
}
