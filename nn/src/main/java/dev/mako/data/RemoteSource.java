package dev.mako.data;

import java.io.IOException;
import java.util.List;

/** A place data set files can be fetched from into the {@link DataCache}: a mirror, a package. */
public interface RemoteSource {
    /** Short description for log lines, e.g. "mirror https://host/mnist/". */
    String describe();

    /**
     * Fetches {@code files} and commits each verified copy to {@code cache}. May stop early;
     * throws with a short reason when it cannot provide them. Returns a one-line summary.
     */
    String fetch(DatasetSpec spec, List<DataFile> files, DataCache cache) throws IOException;
}
