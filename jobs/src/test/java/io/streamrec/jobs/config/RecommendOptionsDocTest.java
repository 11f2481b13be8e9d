package io.streamrec.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the option table in docs/recommend-options.md equal to the {@link RecommendOptions} constants. */
class RecommendOptionsDocTest {

    /** The doc, relative to the jobs module folder that surefire runs in. */
    private static final Path DOC = Path.of("..", "docs", "recommend-options.md");

    @Test
    void docListsEveryOption() throws Exception {
        String table = renderTable();
        String doc = Files.readString(DOC);

        assertTrue(doc.contains(table),
                "The option table in " + DOC.normalize() + " is out of date; replace it with:\n" + table);
    }

    static String renderTable() throws IllegalAccessException {
        StringBuilder table = new StringBuilder("| key | default | description |\n|---|---|---|\n");
        for (Field field : RecommendOptions.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != ConfigOption.class) {
                continue;
            }
            ConfigOption<?> option = (ConfigOption<?>) field.get(null);
            table.append("| `").append(option.key()).append("` | ")
                    .append(format(option.defaultValue())).append(" | ")
                    .append(new HtmlFormatter().format(option.description()).replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    private static String format(Object value) {
        if (value instanceof Duration duration) {
            return "`" + duration.toString().substring(2).toLowerCase() + "`";
        }
        return "`" + value + "`";
    }
}
