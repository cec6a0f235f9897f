package nl.infill.tiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal decoder of the Mapbox Vector Tile 2.1 protobuf schema, enough to check what a tile
 * holds: layers, features, their ids, attributes and geometry in tile units.
 */
record Mvt(List<Layer> layers) {

    record Layer(String name, int extent, List<Feature> features) {
    }

    /** {@code type}: 1 point, 2 line, 3 polygon. {@code parts}: points per MoveTo, in tile units. */
    record Feature(long id, int type, Map<String, Object> properties, List<List<int[]>> parts) {

        int vertexCount() {
            return parts.stream().mapToInt(List::size).sum();
        }
    }

    static Mvt decode(byte[] bytes) {
        List<Layer> layers = new ArrayList<>();
        Reader r = new Reader(bytes);
        while (r.more()) {
            long tag = r.varint();
            if (tag >>> 3 == 3 && (tag & 7) == 2) {
                layers.add(layer(r.bytes()));
            } else {
                r.skip(tag);
            }
        }
        return new Mvt(layers);
    }

    Layer layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + name + " in " + layers.stream().map(Layer::name).toList()));
    }

    private static Layer layer(byte[] bytes) {
        Reader r = new Reader(bytes);
        String name = null;
        int extent = 4096;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<byte[]> rawFeatures = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
                case 2 -> rawFeatures.add(r.bytes());
                case 3 -> keys.add(new String(r.bytes(), StandardCharsets.UTF_8));
                case 4 -> values.add(value(r.bytes()));
                case 5 -> extent = (int) r.varint();
                default -> r.skip(tag);
            }
        }
        List<Feature> features = new ArrayList<>();
        for (byte[] f : rawFeatures) {
            features.add(feature(f, keys, values));
        }
        return new Layer(name, extent, features);
    }

    private static Feature feature(byte[] bytes, List<String> keys, List<Object> values) {
        Reader r = new Reader(bytes);
        long id = 0;
        int type = 0;
        List<Long> tags = new ArrayList<>();
        List<Long> geometry = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> id = r.varint();
                case 2 -> tags.addAll(packed(r.bytes()));
                case 3 -> type = (int) r.varint();
                case 4 -> geometry.addAll(packed(r.bytes()));
                default -> r.skip(tag);
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            props.put(keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
        }
        return new Feature(id, type, props, geometry(geometry));
    }

    private static List<List<int[]>> geometry(List<Long> commands) {
        List<List<int[]>> parts = new ArrayList<>();
        List<int[]> part = null;
        int x = 0;
        int y = 0;
        int i = 0;
        while (i < commands.size()) {
            long c = commands.get(i++);
            int id = (int) (c & 7);
            int count = (int) (c >>> 3);
            if (id == 7) {
                continue;
            }
            for (int k = 0; k < count; k++) {
                x += zigzag(commands.get(i++));
                y += zigzag(commands.get(i++));
                if (id == 1) {
                    part = new ArrayList<>();
                    parts.add(part);
                }
                part.add(new int[] {x, y});
            }
        }
        return parts;
    }

    private static Object value(byte[] bytes) {
        Reader r = new Reader(bytes);
        Object v = null;
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> v = new String(r.bytes(), StandardCharsets.UTF_8);
                case 2 -> v = (double) ByteBuffer.wrap(r.fixed(4)).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                case 3 -> v = ByteBuffer.wrap(r.fixed(8)).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                case 4, 5 -> v = r.varint();
                case 6 -> v = zigzag(r.varint());
                case 7 -> v = r.varint() != 0;
                default -> r.skip(tag);
            }
        }
        return v;
    }

    private static List<Long> packed(byte[] bytes) {
        Reader r = new Reader(bytes);
        List<Long> out = new ArrayList<>();
        while (r.more()) {
            out.add(r.varint());
        }
        return out;
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private static final class Reader {
        private final ByteArrayInputStream in;

        Reader(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        boolean more() {
            return in.available() > 0;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("truncated varint");
                }
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        byte[] bytes() {
            return fixed((int) varint());
        }

        byte[] fixed(int n) {
            try {
                byte[] b = in.readNBytes(n);
                if (b.length != n) {
                    throw new IllegalStateException("truncated field");
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void skip(long tag) {
            switch ((int) (tag & 7)) {
                case 0 -> varint();
                case 1 -> fixed(8);
                case 2 -> bytes();
                case 5 -> fixed(4);
                default -> throw new IllegalStateException("unsupported wire type " + (tag & 7));
            }
        }
    }
}
