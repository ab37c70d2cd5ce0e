package dev.mako.data;

/** The element types of the IDX format (the third byte of the magic number); all big-endian. */
public enum IdxType {
    UBYTE(0x08, 1),
    BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    public final int code;
    public final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The type with this code, or null. */
    public static IdxType of(int code) {
        for (IdxType t : values()) if (t.code == code) return t;
        return null;
    }
}
