package io.meshkit.stun.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.ops.guard.MessageDeadline;
import io.meshkit.ops.guard.Rejection;
import io.meshkit.ops.guard.Rejections;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TcpStunFramerTest {
    private final Rejections rejections = new Rejections("test");
    private final AtomicInteger garbage = new AtomicInteger();

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new TcpStunFramer(garbage::incrementAndGet, new MessageDeadline(5_000, rejections),
                rejections));
        return ch;
    }

    private static byte[] binding() {
        return ByteBuffer.allocate(20).putShort((short) 1).putShort((short) 0).putInt(0x2112A442).array();
    }

    @Test
    void shouldCloseAMessageDrippedSlowerThanItsDeadline() {
        EmbeddedChannel ch = channel();
        byte[] m = binding();
        // One byte every 2 s resets an idle timer each time; the deadline counts from the first byte.
        for (int i = 0; i < 4 && ch.isOpen(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(m, i, 1));
            ch.advanceTimeBy(2, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isEqualTo(1);
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void shouldLetWholeMessagesArriveAtAnyPace() {
        EmbeddedChannel ch = channel();
        byte[] m = binding();
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(m, 0, 12));
            ch.advanceTimeBy(4, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.writeInbound(Unpooled.wrappedBuffer(m, 12, 8));
            ch.advanceTimeBy(60, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat((byte[]) ch.readInbound()).isEqualTo(m);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldTimeTheNextMessageFromItsOwnFirstByte() {
        EmbeddedChannel ch = channel();
        byte[] m = binding();
        ch.writeInbound(Unpooled.wrappedBuffer(m, 0, 10));
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        // The end of the first and the start of the second in one read.
        byte[] tail = new byte[15];
        System.arraycopy(m, 10, tail, 0, 10);
        System.arraycopy(m, 0, tail, 10, 5);
        ch.writeInbound(Unpooled.wrappedBuffer(tail));
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("the second message is 4 s old").isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat((byte[]) ch.readInbound()).isEqualTo(m);
    }

    @Test
    void shouldCloseAndCountAStreamThatIsNotStun() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 0}));
        assertThat(ch.isOpen()).isFalse();
        assertThat(garbage.get()).isEqualTo(1);
        assertThat(rejections.count(Rejection.MALFORMED)).isEqualTo(1);
    }
}
