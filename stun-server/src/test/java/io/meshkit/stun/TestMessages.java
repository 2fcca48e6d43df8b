package io.meshkit.stun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Builds STUN messages byte by byte for tests (independently of the code under test). */
public final class TestMessages {
    private TestMessages() {}

    public static final byte[] TX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    /** A message builder: header, then attributes, then optionally FINGERPRINT. */
    public static final class Builder {
        private final int type;
        private final byte[] cookieAndTx;
        private final ByteArrayOutputStream attrs = new ByteArrayOutputStream();

        Builder(int type, byte[] cookieAndTx) {
            this.type = type;
            this.cookieAndTx = cookieAndTx;
        }

        public Builder attr(int attrType, byte[] value) {
            attrs.write(attrType >> 8);
            attrs.write(attrType);
            attrs.write(value.length >> 8);
            attrs.write(value.length);
            attrs.writeBytes(value);
            for (int i = value.length; i % 4 != 0; i++) {
                attrs.write(0);
            }
            return this;
        }

        public byte[] build() {
            return header(attrs.size()).put(attrs.toByteArray()).array();
        }

        public byte[] buildWithFingerprint() {
            ByteBuffer b = header(attrs.size() + 8).put(attrs.toByteArray());
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, b.position());
            b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
            return b.array();
        }

        private ByteBuffer header(int length) {
            ByteBuffer b = ByteBuffer.allocate(20 + length);
            b.putShort((short) type).putShort((short) length).put(cookieAndTx);
            return b;
        }
    }

    /** A Binding request with magic cookie and transaction ID {@code tx}. */
    public static Builder binding(byte[] tx) {
        return message(0x0001, tx);
    }

    public static Builder message(int type, byte[] tx) {
        return new Builder(type, ByteBuffer.allocate(16).putInt(0x2112A442).put(tx).array());
    }

    /** An RFC 3489 request: 16-byte transaction ID, no cookie. */
    public static Builder rfc3489(byte[] tx16) {
        return new Builder(0x0001, tx16);
    }

    /** The minimal 20-byte Binding request. */
    public static byte[] minimal() {
        return binding(TX).build();
    }
}
