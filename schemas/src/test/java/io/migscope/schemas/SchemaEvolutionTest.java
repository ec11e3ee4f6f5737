package io.migscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema must stay BACKWARD compatible with each released version: data written with the released schema
 * must be readable with the current one. Released schemas live in src/test/resources/released/VERSION/.
 */
class SchemaEvolutionTest {
    private static final Path RELEASED = Path.of("src/test/resources/released");

    static Stream<Path> releasedSchemas() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(RELEASED)) {
            s.filter(p -> p.toString().endsWith(".avsc")).sorted().forEach(files::add);
        }
        assertThat(files).as("released schemas under " + RELEASED).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("releasedSchemas")
    void currentSchemaReadsDataWrittenWithReleasedSchema(Path releasedFile) throws Exception {
        Schema.Parser parser = new Schema.Parser();
        for (Path common : dependencies(releasedFile)) {
            parser.parse(common.toFile());
        }
        Schema released = parser.parse(releasedFile.toFile());
        Schema current = currentSchema(released.getFullName());
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        assertThat(result.getType())
                .as("%s is not BACKWARD compatible with %s: %s", released.getFullName(), releasedFile,
                        result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static List<Path> dependencies(Path releasedFile) throws IOException {
        Path common = releasedFile.getParent().resolve("common");
        if (releasedFile.getParent().endsWith("common") || !Files.isDirectory(common)) {
            return releasedFile.getParent().endsWith("common") ? siblingsBefore(releasedFile) : List.of();
        }
        try (Stream<Path> s = Files.list(common)) {
            return s.sorted().toList();
        }
    }

    private static List<Path> siblingsBefore(Path file) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.sorted().filter(p -> p.getFileName().toString().compareTo(file.getFileName().toString()) < 0).toList();
        }
    }

    private static Schema currentSchema(String fullName) throws Exception {
        Class<?> c = Class.forName(fullName);
        return SpecificData.get().getSchema(c);
    }
}
