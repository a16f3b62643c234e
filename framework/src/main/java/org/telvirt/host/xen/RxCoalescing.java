package org.telvirt.host.xen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Receive interrupt coalescing of a NIC, from {@code ethtool -c IF}: wait up to rx-usecs or rx-frames. */
public record RxCoalescing(int rxUsecs, int rxFrames) {

    private static final Pattern RX_USECS = Pattern.compile("(?m)^rx-usecs:\\s*(\\d+)\\s*$");
    private static final Pattern RX_FRAMES = Pattern.compile("(?m)^rx-frames:\\s*(\\d+)\\s*$");

    /** One interrupt per packet: the paper's default. */
    public static final RxCoalescing PER_PACKET = new RxCoalescing(0, 1);

    public static RxCoalescing parse(String output) {
        Matcher usecs = RX_USECS.matcher(output);
        Matcher frames = RX_FRAMES.matcher(output);
        if (!usecs.find() || !frames.find()) {
            throw new IllegalArgumentException("'ethtool -c' shows no rx-usecs/rx-frames (n/a: the driver has no coalescing): "
                    + output.strip());
        }
        return new RxCoalescing(Integer.parseInt(usecs.group(1)), Integer.parseInt(frames.group(1)));
    }
}
