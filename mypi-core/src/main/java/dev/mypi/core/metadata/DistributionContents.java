package dev.mypi.core.metadata;

/**
 * What {@link MetadataReader#inspect} found in a distribution: its core metadata and the facts
 * upload validation needs besides it.
 *
 * @param format the archive format, from the filename
 * @param metadata the core metadata; its {@link CoreMetadata#raw()} bytes are the entry's bytes
 * @param metadataPath the path of the metadata entry in the archive, e.g. {@code
 *     foo-1.0.dist-info/METADATA} or {@code foo-1.0/PKG-INFO} (without any {@code ./} prefix)
 * @param hasWheelFile whether a wheel has {@code <dist-info>/WHEEL}; always false for other
 *     formats
 * @param hasRecordFile whether a wheel has {@code <dist-info>/RECORD}; always false for other
 *     formats
 * @param entryCount the number of entries in the archive (for tar: entries scanned, which is all)
 */
public record DistributionContents(
    ArchiveFormat format,
    CoreMetadata metadata,
    String metadataPath,
    boolean hasWheelFile,
    boolean hasRecordFile,
    int entryCount) {}
