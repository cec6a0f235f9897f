package nl.infill.features;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Repairs the property numbering of a FlatGeobuf file written by PostGIS 3.3's
 * {@code ST_AsFlatGeobuf} while copying it, and gives the file its layer name. That version leaves out a NULL property (as the format
 * wants) but then numbers each following property by how many it wrote, not by its column: after
 * a NULL, a value lands in the column before its own, and GDAL and QGIS read the feature as broken
 * ("Field 0 set more than once") or with values in the wrong fields. Only the 2-byte column
 * numbers are wrong and every value is in column order, so with a feature's NULL columns known
 * (by feature_id, property 0, never NULL) each number is rewritten in place: no byte moves, so
 * the spatial index's feature offsets stay right. Features without NULLs are copied untouched.
 * The file goes through one feature at a time (FlatGeobuf size-prefixes each one).
 *
 * <p>Layout (flatgeobuf.org): 8 magic bytes, a size-prefixed Header table, the packed Hilbert
 * R-tree when {@code index_node_size > 0}, then size-prefixed Feature tables whose
 * {@code properties} are (ushort column, value) pairs, each value sized by its column's type.
 */
final class FlatGeobufNulls {

    private static final int MAGIC = 8;
    private static final int NODE_ITEM_BYTES = 40;
    private static final int HEADER_COLUMNS = 7;
    private static final int HEADER_FEATURES_COUNT = 8;
    private static final int HEADER_INDEX_NODE_SIZE = 9;
    private static final int COLUMN_TYPE = 1;
    private static final int FEATURE_PROPERTIES = 1;
    /** ColumnType of FlatGeobuf's schema, by ordinal: the byte size of a value, -1 for length-prefixed. */
    private static final int[] VALUE_BYTES = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, -1, -1, -1, -1};

    /** Feature ids with NULL properties (ascending) and their masks: bit i set when property i is NULL. */
    record Masks(long[] ids, long[] nulls) {

        long of(long featureId) {
            int i = Arrays.binarySearch(ids, featureId);
            return i < 0 ? 0 : nulls[i];
        }
    }

    private FlatGeobufNulls() {
    }

    /**
     * @param name the layer name written into the header ({@link #named})
     * @return false when {@code in} was empty (no file: the selection had no features)
     */
    static boolean copy(InputStream in, OutputStream out, Masks masks, String name) throws IOException {
        byte[] magic = in.readNBytes(MAGIC);
        if (magic.length == 0) {
            return false;
        }
        out.write(magic);
        byte[] header = sizePrefixed(in);
        writeSizePrefixed(named(header, name), out);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int root = h.getInt(0);
        int[] types = columnTypes(h, root);
        long features = field(h, root, HEADER_FEATURES_COUNT) == 0 ? 0 : h.getLong(root + field(h, root, HEADER_FEATURES_COUNT));
        int nodeSize = field(h, root, HEADER_INDEX_NODE_SIZE) == 0 ? 16
                : Short.toUnsignedInt(h.getShort(root + field(h, root, HEADER_INDEX_NODE_SIZE)));
        long index = indexBytes(features, nodeSize);
        copyExactly(in, out, index);
        while (true) {
            byte[] size = in.readNBytes(4);
            if (size.length == 0) {
                break;
            }
            if (size.length < 4) {
                throw new EOFException("FlatGeobuf feature size cut short");
            }
            int n = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] feature = in.readNBytes(n);
            if (feature.length < n) {
                throw new EOFException("FlatGeobuf feature cut short");
            }
            renumber(ByteBuffer.wrap(feature).order(ByteOrder.LITTLE_ENDIAN), types, masks);
            out.write(size);
            out.write(feature);
        }
        return true;
    }

    /** The magic bytes and (named) header of {@code file}, without its features: a valid file of none. */
    static void headerOnly(byte[] file, OutputStream out, String name) throws IOException {
        int header = ByteBuffer.wrap(file, MAGIC, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        out.write(file, 0, MAGIC);
        writeSizePrefixed(named(Arrays.copyOfRange(file, MAGIC + 4, MAGIC + 4 + header), name), out);
    }

    private static void writeSizePrefixed(byte[] table, OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, table.length).array());
        out.write(table);
    }

    /** Header fields (header.fbs) that hold offsets to a vector, table or string. */
    private static final int[] HEADER_OFFSET_FIELDS = {1, 7, 10, 11, 12, 13};
    /** Header fields (header.fbs) that are scalars, with their byte sizes: geometry_type, has_z/m/t/tm, features_count, index_node_size. */
    private static final int[][] HEADER_SCALAR_FIELDS = {{8, 8}, {9, 2}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}};
    private static final int HEADER_FIELDS = 14;

    /**
     * The header with its {@code name} (field 0 of FlatGeobuf's header.fbs: {@code table Header
     * { name: string; envelope: [double]; geometry_type: GeometryType; has_z, has_m, has_t, has_tm:
     * bool; columns: [Column]; features_count: ulong; index_node_size: ushort = 16; crs: Crs;
     * title, description, metadata: string }}) set, which readers show as the layer name (GDAL
     * names the layer by it); ST_AsFlatGeobuf leaves it out. FlatBuffers offsets only point
     * forward, so a new root table and the name go in front of the old bytes, which move as one
     * block by a multiple of 8 (keeping the 8-byte alignment of envelope and features_count):
     * their own offsets stay right, and the new table points into them. The old root table stays
     * in the buffer, unreferenced. Fields newer than header.fbs's 14 are not carried over.
     */
    static byte[] named(byte[] header, String name) {
        ByteBuffer old = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int oldRoot = old.getInt(0);
        byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // new buffer: root offset (4), vtable (4 + 2 * 14 = 32), table at 36: soffset (4), then
        // features_count at 40 (8-aligned), 5 offsets, index_node_size, 5 bytes, padded to 4
        int vtable = 4;
        int vtableSize = 4 + 2 * HEADER_FIELDS;
        int table = vtable + vtableSize;
        int[] at = new int[HEADER_FIELDS];
        int p = table + 4;
        at[8] = p;
        p += 8;
        at[0] = p;
        p += 4;
        for (int f : HEADER_OFFSET_FIELDS) {
            at[f] = p;
            p += 4;
        }
        at[9] = p;
        p += 2;
        for (int f = 2; f <= 6; f++) {
            at[f] = p;
            p += 1;
        }
        p = (p + 3) & ~3;
        int tableSize = p - table;
        int string = p;
        p += 4 + nameBytes.length + 1;
        int delta = (p + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(delta + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, table);
        b.putShort(vtable, (short) vtableSize);
        b.putShort(vtable + 2, (short) tableSize);
        b.putInt(table, table - vtable);
        b.putShort(vtable + 4, (short) (at[0] - table));
        b.putInt(at[0], string - at[0]);
        b.putInt(string, nameBytes.length);
        b.put(string + 4, nameBytes);
        for (int f : HEADER_OFFSET_FIELDS) {
            int o = field(old, oldRoot, f);
            if (o != 0) {
                int target = oldRoot + o + old.getInt(oldRoot + o);
                b.putInt(at[f], delta + target - at[f]);
                b.putShort(vtable + 4 + 2 * f, (short) (at[f] - table));
            }
        }
        for (int[] s : HEADER_SCALAR_FIELDS) {
            int f = s[0];
            int o = field(old, oldRoot, f);
            if (o != 0) {
                b.put(at[f], header, oldRoot + o, s[1]);
                b.putShort(vtable + 4 + 2 * f, (short) (at[f] - table));
            }
        }
        b.put(delta, header);
        return b.array();
    }


    /** Rewrites the column numbers of one feature's properties when it has NULLs. */
    static void renumber(ByteBuffer f, int[] types, Masks masks) {
        int root = f.getInt(0);
        int props = field(f, root, FEATURE_PROPERTIES);
        if (props == 0) {
            return;
        }
        int vector = root + props + f.getInt(root + props);
        int length = f.getInt(vector);
        int p = vector + 4;
        int end = p + length;
        if (length < 10 || f.getShort(p) != 0 || types[0] != 7) {
            return;
        }
        long nulls = masks.of(f.getLong(p + 2));
        if (nulls == 0) {
            return;
        }
        int column = 0;
        while (p < end) {
            while ((nulls & (1L << column)) != 0) {
                column++;
            }
            f.putShort(p, (short) column);
            int bytes = VALUE_BYTES[types[column]];
            p += 2 + (bytes >= 0 ? bytes : 4 + f.getInt(p + 2));
            column++;
        }
    }

    /** Bytes of the packed R-tree of {@code features} with {@code nodeSize} (FlatGeobuf's PackedRTree.calcSize). */
    static long indexBytes(long features, int nodeSize) {
        if (nodeSize == 0 || features == 0) {
            return 0;
        }
        int node = Math.max(nodeSize, 2);
        long n = features;
        long nodes = n;
        do {
            n = (n + node - 1) / node;
            nodes += n;
        } while (n != 1);
        return nodes * NODE_ITEM_BYTES;
    }

    private static int[] columnTypes(ByteBuffer h, int root) {
        int off = field(h, root, HEADER_COLUMNS);
        if (off == 0) {
            return new int[0];
        }
        int vector = root + off + h.getInt(root + off);
        int[] types = new int[h.getInt(vector)];
        for (int i = 0; i < types.length; i++) {
            int element = vector + 4 + 4 * i;
            int column = element + h.getInt(element);
            int type = field(h, column, COLUMN_TYPE);
            types[i] = type == 0 ? 0 : Byte.toUnsignedInt(h.get(column + type));
        }
        return types;
    }

    /** Offset of field {@code i} from its table at {@code table}, 0 when absent (FlatBuffers vtable). */
    private static int field(ByteBuffer b, int table, int i) {
        int vtable = table - b.getInt(table);
        int vtableSize = Short.toUnsignedInt(b.getShort(vtable));
        int at = 4 + 2 * i;
        return at < vtableSize ? Short.toUnsignedInt(b.getShort(vtable + at)) : 0;
    }

    private static byte[] sizePrefixed(InputStream in) throws IOException {
        byte[] size = in.readNBytes(4);
        if (size.length < 4) {
            throw new EOFException("FlatGeobuf header size cut short");
        }
        int n = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
            throw new EOFException("FlatGeobuf header cut short");
        }
        return body;
    }

    private static void copyExactly(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("FlatGeobuf index cut short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
