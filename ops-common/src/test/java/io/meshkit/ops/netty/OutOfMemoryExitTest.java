package io.meshkit.ops.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.DecoderException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutOfMemoryExitTest {
    private final List<OutOfMemoryError> exits = new ArrayList<>();
    private final OutOfMemoryExit exit = new OutOfMemoryExit(exits::add);

    @Test
    void shouldExitOnAnOutOfMemoryErrorOrOneItCaused() {
        exit.check(new IllegalStateException("not memory"));
        exit.check(new DecoderException("bad frame"));
        assertThat(exits).as("other failures are the handler's business").isEmpty();

        OutOfMemoryError direct = new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory");
        exit.check(direct);
        exit.check(new DecoderException(direct));
        assertThat(exits).containsExactly(direct, direct);
    }

    @Test
    void shouldExitWhenAnyAllocationRunsOutOfMemory() throws Exception {
        // Every allocating method of the interface, against an allocator whose memory is gone.
        OutOfMemoryError gone = new OutOfMemoryError("Cannot reserve 1024 bytes of direct buffer memory");
        InvocationHandler failing = (proxy, method, args) -> {
            if (method.getReturnType() == ByteBuf.class) {
                throw gone;
            }
            return method.invoke(UnpooledByteBufAllocator.DEFAULT, args);
        };
        ByteBufAllocator exhausted = (ByteBufAllocator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ByteBufAllocator.class}, failing);
        ByteBufAllocator guarded = exit.guard(exhausted);
        int allocating = 0;
        for (Method m : ByteBufAllocator.class.getMethods()) {
            if (m.getReturnType() != ByteBuf.class) {
                continue;
            }
            allocating++;
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = 64;
            }
            assertThatThrownBy(() -> {
                try {
                    m.invoke(guarded, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            }).as(m.toString()).isSameAs(gone);
        }
        assertThat(allocating).as("buffer, ioBuffer, heapBuffer, directBuffer x 3 arities").isEqualTo(12);
        assertThat(exits).hasSize(12).containsOnly(gone);
    }

    @Test
    void shouldAllocateAsTheDelegateWhileMemoryLasts() {
        ByteBufAllocator guarded = exit.guard(UnpooledByteBufAllocator.DEFAULT);
        ByteBuf b = guarded.directBuffer(16, 32);
        try {
            assertThat(b.isDirect()).isTrue();
            assertThat(b.maxCapacity()).isEqualTo(32);
        } finally {
            b.release();
        }
        assertThat(guarded.isDirectBufferPooled()).isEqualTo(UnpooledByteBufAllocator.DEFAULT.isDirectBufferPooled());
        assertThat(exits).isEmpty();
    }
}
