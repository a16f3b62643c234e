/*
 * SIP responder for the lab's signaling guest: sip-server PORT CALL_LOG [WORK_ROUNDS]. The guests have no Java, so
 * this answers exactly as telvirt's SignalingServer does (workloads' SignalingServer.java and SipMessage.java), for
 * the same SignalingClient on the host: a start line, the Call-ID and CSeq headers, each line ended by CRLF.
 *   INVITE  100 Trying, 180 Ringing, 200 OK; a retransmitted INVITE of a known call only 200 OK
 *   ACK     no answer (one for an unknown call is counted as malformed, as the Java server counts it)
 *   UPDATE  200 OK, 481 for an unknown call
 *   BYE     appends the call record to CALL_LOG and fdatasyncs it before 200 OK (the paper's per-call disk I/O);
 *           481 for an unknown call
 *   other   501 Not Implemented
 * Malformed datagrams are counted and ignored. Ended calls are forgotten after 32 s, idle ones after 600 s.
 * WORK_ROUNDS rounds of arithmetic per new call (default 0) stand for the Java server's calibrated digest work; they
 * are counted in instructions, as udp-echo's per-packet work is. One thread and fixed tables, no allocation: at most
 * MAX_CALLS calls at once, a new INVITE beyond them is answered 503 and counted. SIGTERM or SIGINT prints the counters
 * as one JSON line on stdout and exits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DATAGRAM_BYTES 4096
#define MAX_CALL_ID_LENGTH 128
#define MAX_METHOD_LENGTH 16
#define MAX_CALLS 4096
/* twice the calls, a power of two: linear probing always finds an empty slot soon */
#define INDEX_SLOTS (2 * MAX_CALLS)
#define NANOS_PER_SECOND 1000000000LL
#define ENDED_CALL_KEEP_NANOS (32 * NANOS_PER_SECOND)
#define IDLE_CALL_NANOS (600 * NANOS_PER_SECOND)
#define HOUSEKEEPING_NANOS NANOS_PER_SECOND
#define VERSION "SIP/2.0"

struct call {
    int in_use;
    int id_length;
    char id[MAX_CALL_ID_LENGTH];
    long long started_ns;
    long long last_seen_ns;
    long long ended_ns; /* 0 while the call is up */
};

struct request {
    const char *method;
    int method_length;
    const char *call_id;
    int call_id_length;
    long sequence;
    const char *sequence_method;
    int sequence_method_length;
};

static struct call calls[MAX_CALLS];
static int call_index[INDEX_SLOTS]; /* -1 empty, else a slot of calls */
static int free_calls[MAX_CALLS];
static int free_count;
static long long messages, started, ended, malformed, refused;
static volatile sig_atomic_t stop_requested;
static volatile unsigned long sink;
static int sock;
static int call_log;

static void on_stop(int signal_number) {
    (void) signal_number;
    stop_requested = 1;
}

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * NANOS_PER_SECOND + now.tv_nsec;
}

static void work(long rounds) {
    unsigned long x = sink;
    for (long i = 0; i < rounds; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    }
    sink = x;
}

/* What Java's String.trim() removes: every character up to the space */
static void trim(const char **text, int *length) {
    while (*length > 0 && (unsigned char) (*text)[0] <= ' ') {
        (*text)++;
        (*length)--;
    }
    while (*length > 0 && (unsigned char) (*text)[*length - 1] <= ' ') {
        (*length)--;
    }
}

static int equals(const char *text, int length, const char *word) {
    return length == (int) strlen(word) && memcmp(text, word, (size_t) length) == 0;
}

static int equals_ignoring_case(const char *text, int length, const char *word) {
    if (length != (int) strlen(word)) {
        return 0;
    }
    for (int i = 0; i < length; i++) {
        char a = text[i], b = word[i];
        if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b)) {
            return 0;
        }
    }
    return 1;
}

static int is_method(const char *text, int length) {
    if (length < 2 || length > MAX_METHOD_LENGTH) {
        return 0;
    }
    for (int i = 0; i < length; i++) {
        if (text[i] < 'A' || text[i] > 'Z') {
            return 0;
        }
    }
    return 1;
}

/* The end of the line starting at offset, which is where its CRLF starts, or length when it has none */
static int line_end(const char *text, int length, int offset) {
    for (int i = offset; i + 1 < length; i++) {
        if (text[i] == '\r' && text[i + 1] == '\n') {
            return i;
        }
    }
    return length;
}

/* A CSeq value "N METHOD": exactly one space, N of 1-9 digits (Java splits on single spaces) */
static int parse_sequence(const char *value, int length, struct request *request) {
    const char *space = memchr(value, ' ', (size_t) length);
    if (space == NULL) {
        return 0;
    }
    int digits = (int) (space - value);
    const char *method = space + 1;
    int method_length = length - digits - 1;
    if (digits < 1 || digits > 9 || method_length < 1 || memchr(method, ' ', (size_t) method_length) != NULL) {
        return 0;
    }
    long sequence = 0;
    for (int i = 0; i < digits; i++) {
        if (value[i] < '0' || value[i] > '9') {
            return 0;
        }
        sequence = sequence * 10 + (value[i] - '0');
    }
    request->sequence = sequence;
    request->sequence_method = method;
    request->sequence_method_length = method_length;
    return 1;
}

/* SipMessage.parse, for requests: 1 when the datagram is one, 0 when it is malformed or a response */
static int parse_request(const char *text, int length, struct request *request) {
    int first_end = line_end(text, length, 0);
    if (first_end == length || line_end(text, length, first_end + 2) == length) {
        return 0; /* fewer than three lines */
    }
    const char *first_space = memchr(text, ' ', (size_t) first_end);
    if (first_space == NULL) {
        return 0;
    }
    int method_length = (int) (first_space - text);
    const char *uri = first_space + 1;
    const char *second_space = memchr(uri, ' ', (size_t) (text + first_end - uri));
    if (second_space == NULL) {
        return 0;
    }
    const char *version = second_space + 1;
    int version_length = (int) (text + first_end - version);
    request->call_id = NULL;
    request->sequence_method = NULL;
    for (int start = first_end + 2; start <= length; ) {
        int end = line_end(text, length, start);
        if (end == start) {
            break; /* the empty line that ends the headers */
        }
        const char *colon = memchr(text + start, ':', (size_t) (end - start));
        if (colon == NULL) {
            return 0;
        }
        const char *name = text + start;
        int name_length = (int) (colon - name);
        const char *value = colon + 1;
        int value_length = (int) (text + end - value);
        trim(&name, &name_length);
        trim(&value, &value_length);
        if (equals_ignoring_case(name, name_length, "Call-ID")) {
            request->call_id = value;
            request->call_id_length = value_length;
        } else if (equals_ignoring_case(name, name_length, "CSeq") && !parse_sequence(value, value_length, request)) {
            return 0;
        }
        if (end == length) {
            break;
        }
        start = end + 2;
    }
    if (request->call_id == NULL || request->call_id_length == 0 || request->call_id_length > MAX_CALL_ID_LENGTH
            || request->sequence_method == NULL) {
        return 0;
    }
    if (equals(text, method_length, VERSION) || !equals(version, version_length, VERSION)
            || !is_method(text, method_length) || method_length != request->sequence_method_length
            || memcmp(text, request->sequence_method, (size_t) method_length) != 0) {
        return 0;
    }
    request->method = text;
    request->method_length = method_length;
    return 1;
}

static unsigned hash(const char *id, int length) {
    unsigned h = 2166136261u;
    for (int i = 0; i < length; i++) {
        h = (h ^ (unsigned char) id[i]) * 16777619u;
    }
    return h;
}

static struct call *find_call(const char *id, int length) {
    for (unsigned slot = hash(id, length) & (INDEX_SLOTS - 1); call_index[slot] >= 0; slot = (slot + 1) & (INDEX_SLOTS - 1)) {
        struct call *call = &calls[call_index[slot]];
        if (call->id_length == length && memcmp(call->id, id, (size_t) length) == 0) {
            return call;
        }
    }
    return NULL;
}

static void index_call(int number) {
    unsigned slot = hash(calls[number].id, calls[number].id_length) & (INDEX_SLOTS - 1);
    while (call_index[slot] >= 0) {
        slot = (slot + 1) & (INDEX_SLOTS - 1);
    }
    call_index[slot] = number;
}

/* NULL when the table is full */
static struct call *add_call(const char *id, int length, long long now) {
    if (free_count == 0) {
        return NULL;
    }
    int number = free_calls[--free_count];
    struct call *call = &calls[number];
    call->in_use = 1;
    call->id_length = length;
    memcpy(call->id, id, (size_t) length);
    call->started_ns = now;
    call->last_seen_ns = now;
    call->ended_ns = 0;
    index_call(number);
    return call;
}

/* Removal leaves no tombstones in the index: it is rebuilt, at most once a second over its fixed slots */
static void forget_old_calls(long long now) {
    int forgot = 0;
    for (int i = 0; i < MAX_CALLS; i++) {
        struct call *call = &calls[i];
        if (call->in_use && ((call->ended_ns != 0 && now - call->ended_ns > ENDED_CALL_KEEP_NANOS)
                || now - call->last_seen_ns > IDLE_CALL_NANOS)) {
            call->in_use = 0;
            free_calls[free_count++] = i;
            forgot = 1;
        }
    }
    if (forgot) {
        memset(call_index, -1, sizeof call_index);
        for (int i = 0; i < MAX_CALLS; i++) {
            if (calls[i].in_use) {
                index_call(i);
            }
        }
    }
}

/* Appends bytes as they are, NULs too (Java keeps them in a Call-ID; printf's %.*s would stop at one) */
static char *append(char *to, const char *bytes, int length) {
    memcpy(to, bytes, (size_t) length);
    return to + length;
}

static char *append_text(char *to, const char *text) {
    return append(to, text, (int) strlen(text));
}

static void answer(int status, const char *reason, const struct request *request, const struct sockaddr_in *peer) {
    static char response[128 + MAX_CALL_ID_LENGTH + MAX_METHOD_LENGTH];
    char number[24];
    char *end = response;
    snprintf(number, sizeof number, " %d ", status);
    end = append_text(append_text(append_text(end, VERSION), number), reason);
    end = append(append_text(end, "\r\nCall-ID: "), request->call_id, request->call_id_length);
    snprintf(number, sizeof number, "%ld ", request->sequence);
    end = append_text(append_text(end, "\r\nCSeq: "), number);
    end = append_text(append(end, request->sequence_method, request->sequence_method_length), "\r\n\r\n");
    sendto(sock, response, (size_t) (end - response), 0, (const struct sockaddr *) peer, sizeof *peer);
}

/* The call detail record: durable before the BYE is answered, as billing needs */
static void append_call_record(const struct call *call) {
    static char record[96 + MAX_CALL_ID_LENGTH];
    char number[48];
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    snprintf(number, sizeof number, "%lld ", (long long) wall.tv_sec * 1000 + wall.tv_nsec / 1000000);
    char *end = append(append_text(record, number), call->id, call->id_length);
    snprintf(number, sizeof number, " durationMillis=%lld\n", (call->ended_ns - call->started_ns) / 1000000);
    end = append_text(end, number);
    int length = (int) (end - record);
    if (write(call_log, record, (size_t) length) != length || fdatasync(call_log) != 0) {
        perror("sip-server: cannot write the call log");
    }
}

static void handle(const struct request *request, const struct sockaddr_in *peer, long rounds, long long now) {
    struct call *call = find_call(request->call_id, request->call_id_length);
    const char *method = request->method;
    int method_length = request->method_length;
    if (equals(method, method_length, "INVITE")) {
        if (call == NULL) {
            work(rounds);
            call = add_call(request->call_id, request->call_id_length, now);
            if (call == NULL) {
                refused++;
                answer(503, "Service Unavailable", request, peer);
                return;
            }
            started++;
            answer(100, "Trying", request, peer);
            answer(180, "Ringing", request, peer);
        }
        answer(200, "OK", request, peer);
    } else if (equals(method, method_length, "ACK")) {
        if (call == NULL) {
            malformed++;
        }
    } else if (equals(method, method_length, "UPDATE")) {
        if (call == NULL) {
            answer(481, "Call Does Not Exist", request, peer);
        } else {
            answer(200, "OK", request, peer);
        }
    } else if (equals(method, method_length, "BYE")) {
        if (call == NULL) {
            answer(481, "Call Does Not Exist", request, peer);
            return;
        }
        if (call->ended_ns == 0) {
            call->ended_ns = now;
            append_call_record(call);
            ended++;
        }
        answer(200, "OK", request, peer);
    } else {
        answer(501, "Not Implemented", request, peer);
    }
    if (call != NULL) {
        call->last_seen_ns = now;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sip-server PORT CALL_LOG [WORK_ROUNDS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long rounds = argc > 3 ? atol(argv[3]) : 0;
    call_log = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (call_log < 0) {
        perror("sip-server: cannot open the call log");
        return 1;
    }
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    int buffer = 1 << 20;
    setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    /* wakes the loop once a second for the housekeeping when no datagram arrives */
    struct timeval housekeeping = {1, 0};
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &housekeeping, sizeof housekeeping);
    struct sockaddr_in local = {0};
    local.sin_family = AF_INET;
    local.sin_port = htons(port);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(sock, (struct sockaddr *) &local, sizeof local) < 0) {
        perror("sip-server bind");
        return 1;
    }
    /* no SA_RESTART: the signal interrupts the receive, so the loop ends at once */
    struct sigaction stop = {0};
    stop.sa_handler = on_stop;
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);
    memset(call_index, -1, sizeof call_index);
    for (int i = MAX_CALLS - 1; i >= 0; i--) {
        free_calls[free_count++] = i;
    }
    static char datagram[MAX_DATAGRAM_BYTES];
    long long next_housekeeping = monotonic_ns() + HOUSEKEEPING_NANOS;
    while (!stop_requested) {
        struct sockaddr_in peer;
        socklen_t peer_length = sizeof peer;
        ssize_t length = recvfrom(sock, datagram, sizeof datagram, 0, (struct sockaddr *) &peer, &peer_length);
        long long now = monotonic_ns();
        if (length >= 0) {
            messages++;
            /* Java reads the datagram as US-ASCII: each byte above 127 is one character that encodes back as '?' */
            for (ssize_t i = 0; i < length; i++) {
                if ((unsigned char) datagram[i] > 127) {
                    datagram[i] = '?';
                }
            }
            struct request request;
            if (parse_request(datagram, (int) length, &request)) {
                handle(&request, &peer, rounds, now);
            } else {
                malformed++;
            }
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            perror("sip-server receive");
        }
        if (now >= next_housekeeping) {
            forget_old_calls(now);
            next_housekeeping = now + HOUSEKEEPING_NANOS;
        }
    }
    printf("{\"messagesReceived\":%lld,\"callsStarted\":%lld,\"callsEnded\":%lld,\"malformedReceived\":%lld,"
            "\"callsRefused\":%lld}\n", messages, started, ended, malformed, refused);
    return 0;
}
