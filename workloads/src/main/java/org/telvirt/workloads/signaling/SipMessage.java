package org.telvirt.workloads.signaling;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A minimal SIP-like text message: a request line ({@code INVITE sip:media@telvirt SIP/2.0}) or a
 * status line ({@code SIP/2.0 200 OK}), then the {@code Call-ID} and {@code CSeq} headers. Enough
 * to drive a call's setup and teardown; not a SIP stack.
 */
public record SipMessage(String method, int status, String reason, String callId, int sequence, String sequenceMethod) {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String UPDATE = "UPDATE";
    public static final String BYE = "BYE";
    private static final String VERSION = "SIP/2.0";
    private static final String REQUEST_URI = "sip:media@telvirt";
    private static final int MAX_CALL_ID_LENGTH = 128;

    public static SipMessage request(String method, String callId, int sequence) {
        return new SipMessage(method, 0, null, callId, sequence, method);
    }

    public static SipMessage response(int status, String reason, SipMessage request) {
        return new SipMessage(null, status, reason, request.callId, request.sequence, request.sequenceMethod);
    }

    public boolean isRequest() {
        return method != null;
    }

    public byte[] encode() {
        String startLine = isRequest() ? method + " " + REQUEST_URI + " " + VERSION : VERSION + " " + status + " " + reason;
        return (startLine + "\r\nCall-ID: " + callId + "\r\nCSeq: " + sequence + " " + sequenceMethod + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses a datagram; empty when it is not a well-formed message of this shape. */
    public static Optional<SipMessage> parse(byte[] datagram, int length) {
        String text = new String(datagram, 0, length, StandardCharsets.US_ASCII);
        String[] lines = text.split("\r\n", -1);
        if (lines.length < 3) {
            return Optional.empty();
        }
        String[] start = lines[0].split(" ", 3);
        if (start.length != 3) {
            return Optional.empty();
        }
        String callId = null;
        int sequence = -1;
        String sequenceMethod = null;
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Call-ID")) {
                callId = value;
            } else if (name.equalsIgnoreCase("CSeq")) {
                String[] parts = value.split(" ");
                if (parts.length != 2 || !parts[0].matches("\\d{1,9}")) {
                    return Optional.empty();
                }
                sequence = Integer.parseInt(parts[0]);
                sequenceMethod = parts[1];
            }
        }
        if (callId == null || callId.isEmpty() || callId.length() > MAX_CALL_ID_LENGTH || sequenceMethod == null) {
            return Optional.empty();
        }
        if (start[0].equals(VERSION)) {
            if (!start[1].matches("[1-6]\\d\\d")) {
                return Optional.empty();
            }
            return Optional.of(new SipMessage(null, Integer.parseInt(start[1]), start[2], callId, sequence, sequenceMethod));
        }
        if (!start[2].equals(VERSION) || !start[0].matches("[A-Z]{2,16}") || !start[0].equals(sequenceMethod)) {
            return Optional.empty();
        }
        return Optional.of(new SipMessage(start[0], 0, null, callId, sequence, sequenceMethod));
    }
}
