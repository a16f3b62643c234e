/* UDP echo for the lab's DomU guests: udp-echo PORT. Sends every datagram back to its sender. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 40000;
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
            sendto(sock, packet, (size_t) length, 0, (struct sockaddr *) &peer, peer_length);
        }
    }
}
