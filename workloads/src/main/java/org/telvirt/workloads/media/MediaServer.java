package org.telvirt.workloads.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.telvirt.workloads.audio.DtmfDetector;
import org.telvirt.workloads.work.MediaWork;
import org.telvirt.workloads.rtp.RtpPacket;

/**
 * The media server: a Netty UDP server with one worker thread per vCPU of the Media VM. Each
 * worker owns a socket bound to the same port (SO_REUSEPORT, so the kernel spreads client sockets
 * over the workers and keeps each stream on one worker, in order), receives in batches (recvmmsg
 * on the native epoll transport), runs the calibrated media work on every packet and returns it to
 * its sender.
 */
public final class MediaServer implements AutoCloseable {
    /** Larger than any packet we accept, so an oversized datagram shows as malformed, not truncated into shape. */
    private static final int MAX_DATAGRAM_BYTES = 2048;
    private static final int DATAGRAMS_PER_READ = 32;

    private final InetSocketAddress requestedBind;
    private final int threads;
    private final MediaWork work;
    private final int socketBufferBytes;
    private final LongAdder received = new LongAdder();
    private final LongAdder replied = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder tonesDetected = new LongAdder();
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private InetSocketAddress boundAddress;

    public MediaServer(InetSocketAddress bind, int threads, MediaWork work, int socketBufferBytes) {
        this.requestedBind = bind;
        this.threads = threads;
        this.work = work;
        this.socketBufferBytes = socketBufferBytes;
    }

    public static boolean nativeTransportAvailable() {
        return Epoll.isAvailable();
    }

    public String transportName() {
        return nativeTransportAvailable() ? "epoll (recvmmsg/sendmmsg)" : "nio";
    }

    public MediaServer start() throws InterruptedException {
        boolean epoll = nativeTransportAvailable();
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("media-worker"), ioHandlers);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, socketBufferBytes)
                .option(ChannelOption.SO_SNDBUF, socketBufferBytes)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES * DATAGRAMS_PER_READ))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new MediaHandler());
                    }
                });
        if (epoll) {
            bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM_BYTES);
        } else {
            bootstrap.channel(NioDatagramChannel.class)
                    .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
        try {
            InetSocketAddress address = requestedBind;
            for (int i = 0; i < threads; i++) {
                Channel channel = bootstrap.bind(address).sync().channel();
                channels.add(channel);
                address = (InetSocketAddress) channel.localAddress();
            }
            boundAddress = address;
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        return this;
    }

    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    public Stats stats() {
        return new Stats(received.sum(), replied.sum(), malformed.sum(), sendErrors.sum(), tonesDetected.sum());
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /** What the server did; printed as one JSON line when it stops. */
    public record Stats(long packetsReceived, long packetsReplied, long malformedReceived, long sendErrors,
            long tonesDetected) {
    }

    /** One per worker socket: the DSP scratch space is the worker's own. */
    private final class MediaHandler extends ChannelInboundHandlerAdapter {
        private final DtmfDetector detector = new DtmfDetector(RtpPacket.PAYLOAD_BYTES);
        private final byte[] frame = new byte[RtpPacket.PAYLOAD_BYTES];

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            received.increment();
            ByteBuf content = packet.content();
            int start = content.readerIndex();
            int length = content.readableBytes();
            // the length first: reading the header bytes of a datagram shorter than two bytes would throw
            if (length != RtpPacket.DATAGRAM_BYTES
                    || !RtpPacket.isPcmuFrame(length, content.getByte(start), content.getByte(start + 1))) {
                malformed.increment();
                packet.release();
                return;
            }
            content.getBytes(start + RtpPacket.HEADER_BYTES, frame);
            if (work.apply(detector, frame, 0, frame.length) != DtmfDetector.NO_DIGIT) {
                tonesDetected.increment();
            }
            ctx.write(new DatagramPacket(content, packet.sender()), ctx.voidPromise());
            replied.increment();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A client that went away (ICMP port unreachable) must not stop the worker.
            sendErrors.increment();
        }
    }
}
