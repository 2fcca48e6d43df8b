package io.meshkit.mesh.core.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits what does not fit one message into messages of at most {@link MeshWire#MAX_MESSAGE_BYTES} (docs/PROTOCOL.md
 * §5.1): a snapshot into {@code welcome} parts, a large change into consecutive deltas, a large merge into several
 * merges. The same on {@code json} and {@code binary} links: PeerJS's json serialization refuses 16,300 bytes or more,
 * and splitting here means no link depends on PeerJS's binary chunking. Entries are packed greedily in the given order;
 * the sizes are exact JSON text sizes, so every message is within the limit.
 */
public final class Split {

  private Split() {}

  /** Welcome parts of the snapshot {@code entries} (at least one part, even when empty). */
  public static List<MeshMessage.Welcome> welcome(int slot, String router, long version, String successor,
                                                  List<Entry> entries, ToIntFunction<Entry> sizer) {
    int header = MeshWire.size(new MeshMessage.Welcome(MeshWire.PROTOCOL, slot, router, version, successor,
        MeshWire.MAX_PARTS, MeshWire.MAX_PARTS, List.of()));
    List<List<Entry>> chunks = pack(entries, header, sizer);
    if (chunks.size() > MeshWire.MAX_PARTS) {
      throw new IllegalArgumentException("snapshot needs more than " + MeshWire.MAX_PARTS + " parts");
    }
    List<MeshMessage.Welcome> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(new MeshMessage.Welcome(MeshWire.PROTOCOL, slot, router, version, successor, i + 1, chunks.size(),
          chunks.get(i)));
    }
    return parts;
  }

  /** Merge messages carrying {@code entries} (at least one). */
  public static List<MeshMessage.Merge> merge(int slot, List<Entry> entries, ToIntFunction<Entry> sizer) {
    int header = MeshWire.size(new MeshMessage.Merge(MeshWire.PROTOCOL, slot, List.of()));
    List<MeshMessage.Merge> out = new ArrayList<>();
    for (List<Entry> chunk : pack(entries, header, sizer)) {
      out.add(new MeshMessage.Merge(MeshWire.PROTOCOL, slot, chunk));
    }
    return out;
  }

  /**
   * Deltas with versions {@code firstVersion}, {@code firstVersion + 1}, …: upserts first, then removals; the last delta
   * carries {@code successor} (null: unchanged). Applied in order they equal one delta with everything, because each
   * entry's final state appears once. Empty when there is nothing to send and the successor did not change.
   */
  public static List<MeshMessage.Delta> deltas(long firstVersion, List<Entry> upserts, List<String> removed,
                                               String successor, ToIntFunction<Entry> sizer) {
    if (upserts.isEmpty() && removed.isEmpty() && successor == null) {
      return List.of();
    }
    int header = MeshWire.size(new MeshMessage.Delta(MeshWire.MAX_INTEGER, List.of(), List.of(),
        successor == null ? null : successor));
    List<MeshMessage.Delta> out = new ArrayList<>();
    List<Entry> ups = new ArrayList<>();
    List<String> rem = new ArrayList<>();
    int used = header;
    int ui = 0;
    int ri = 0;
    long version = firstVersion;
    while (ui < upserts.size() || ri < removed.size()) {
      int cost;
      boolean isUpsert = ui < upserts.size();
      if (isUpsert) {
        cost = sizer.applyAsInt(upserts.get(ui)) + (ups.isEmpty() ? 0 : 1);
      } else {
        cost = MeshWire.Json.utf8Length(MeshWire.Json.write(removed.get(ri))) + (rem.isEmpty() ? 0 : 1);
      }
      boolean full = used + cost > MeshWire.MAX_MESSAGE_BYTES
          || ups.size() >= MeshWire.MAX_ENTRIES_PER_MESSAGE || rem.size() >= MeshWire.MAX_REMOVED_PER_MESSAGE;
      if (full && !(ups.isEmpty() && rem.isEmpty())) {
        out.add(new MeshMessage.Delta(version++, ups, rem, null));
        ups = new ArrayList<>();
        rem = new ArrayList<>();
        used = header;
        continue;
      }
      if (used + cost > MeshWire.MAX_MESSAGE_BYTES) {
        throw new IllegalArgumentException("one entry does not fit a message");
      }
      used += cost;
      if (isUpsert) {
        ups.add(upserts.get(ui++));
      } else {
        rem.add(removed.get(ri++));
      }
    }
    out.add(new MeshMessage.Delta(version, ups, rem, successor));
    return out;
  }

  private static List<List<Entry>> pack(List<Entry> entries, int header, ToIntFunction<Entry> sizer) {
    List<List<Entry>> chunks = new ArrayList<>();
    List<Entry> current = new ArrayList<>();
    int used = header;
    for (Entry e : entries) {
      int cost = sizer.applyAsInt(e) + (current.isEmpty() ? 0 : 1);
      if ((used + cost > MeshWire.MAX_MESSAGE_BYTES || current.size() >= MeshWire.MAX_ENTRIES_PER_MESSAGE)
          && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        used = header;
        cost = sizer.applyAsInt(e);
      }
      if (used + cost > MeshWire.MAX_MESSAGE_BYTES) {
        throw new IllegalArgumentException("one entry does not fit a message");
      }
      current.add(e);
      used += cost;
    }
    chunks.add(current);
    return chunks;
  }
}
