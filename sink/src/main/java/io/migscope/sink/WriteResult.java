package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import java.util.List;

/**
 * What one transaction did.
 *
 * @param rowsWritten  records upserted (after dropping those superseded by a later record with the same key)
 * @param superseded   records skipped because a later record in the same batch had the same natural key
 * @param deadLetters  records rejected (undecodable or refused by a constraint), also stored in dead_letters
 */
public record WriteResult(int rowsWritten, int superseded, List<DeadLetter> deadLetters) {
}
