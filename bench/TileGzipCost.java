// Cost of gzip on vector tiles, at the default and the fastest level: a documented harness
// (prints figures; no assertions). Tiles are MVT files, e.g. fetched with curl from bench/tiles.sh's
// service:  java bench/TileGzipCost.java tile1.mvt tile2.mvt
// Run it under the shared bench lock on a shared machine: flock -o /tmp/infill-bench.lock java ...
import java.io.*; import java.nio.file.*; import java.util.zip.*;
public class TileGzipCost {
  static byte[] gz(byte[] b, int level) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream(b.length / 2 + 64);
    try (GZIPOutputStream g = new GZIPOutputStream(o, 8192) { { def.setLevel(level); } }) { g.write(b); }
    return o.toByteArray();
  }
  public static void main(String[] a) throws Exception {
    for (String f : a) {
      byte[] b = Files.readAllBytes(Path.of(f));
      for (int level : new int[] {Deflater.DEFAULT_COMPRESSION, 1}) {
        for (int i = 0; i < 300; i++) gz(b, level);
        int n = 300; long t = System.nanoTime(); byte[] r = null;
        for (int i = 0; i < n; i++) r = gz(b, level);
        double us = (System.nanoTime() - t) / 1e3 / n;
        long t2 = System.nanoTime(); for (int i = 0; i < n; i++) new GZIPInputStream(new ByteArrayInputStream(r)).readAllBytes();
        double dus = (System.nanoTime() - t2) / 1e3 / n;
        System.out.printf("%s level %d: %d -> %d B (%.0f%%), compress %.0f us, decompress %.0f us%n", Path.of(f).getFileName(), level, b.length, r.length, 100.0 * r.length / b.length, us, dus);
      }
    }
  }
}
