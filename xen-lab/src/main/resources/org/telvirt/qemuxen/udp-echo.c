/*
 * UDP echo for the lab's DomU guests: udp-echo PORT [WORK_ROUNDS]. Sends every datagram back to its sender, after
 * WORK_ROUNDS rounds of arithmetic per datagram (default 0): the per-packet CPU work of a media image, counted in
 * instructions rather than time, so that it costs what that work costs on the CPU it runs on (the lab's is emulated).
 * udp-echo --time WORK_ROUNDS prints how many microseconds one datagram's work takes on this CPU.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static volatile unsigned long sink;

static void work(long rounds) {
    unsigned long x = sink;
    for (long i = 0; i < rounds; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    }
    sink = x;
}

static int time_work(long rounds) {
    const int repeats = 200;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < repeats; i++) {
        work(rounds);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double micros = ((end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec)) / 1e3 / repeats;
    printf("%ld rounds: %.1f us\n", rounds, micros);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "--time") == 0) {
        return time_work(atol(argv[2]));
    }
    int port = argc > 1 ? atoi(argv[1]) : 40000;
    long rounds = argc > 2 ? atol(argv[2]) : 0;
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    int buffer = 1 << 20;
    setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    struct sockaddr_in local = {0};
    local.sin_family = AF_INET;
    local.sin_port = htons(port);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(sock, (struct sockaddr *) &local, sizeof local) < 0) {
        perror("udp-echo bind");
        return 1;
    }
    static char packet[65536];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_length = sizeof peer;
        ssize_t length = recvfrom(sock, packet, sizeof packet, 0, (struct sockaddr *) &peer, &peer_length);
        if (length >= 0) {
            work(rounds);
            sendto(sock, packet, (size_t) length, 0, (struct sockaddr *) &peer, peer_length);
        }
    }
}
