/* The paper's CPU-bound VM load: compute for about 9 ms, idle for 1 ms, forever. */
#include <time.h>

static double elapsed_ms(const struct timespec *from) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - from->tv_sec) * 1e3 + (now.tv_nsec - from->tv_nsec) / 1e6;
}

int main(void) {
    volatile unsigned long sink = 0;
    const struct timespec idle = {0, 1000000};
    for (;;) {
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        while (elapsed_ms(&start) < 9.0) {
            for (int i = 0; i < 1000; i++) {
                sink += (unsigned long) i * i;
            }
        }
        nanosleep(&idle, 0);
    }
}
