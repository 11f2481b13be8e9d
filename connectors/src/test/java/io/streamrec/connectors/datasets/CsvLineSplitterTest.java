package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class CsvLineSplitterTest {

    @Test
    void plainFields() throws RowRejectedException {
        assertEquals(List.of("a", "b", "c"), CsvLineSplitter.split("a,b,c", ','));
    }

    @Test
    void emptyFieldsKept() throws RowRejectedException {
        assertEquals(List.of("", "b", ""), CsvLineSplitter.split(",b,", ','));
        assertEquals(List.of(""), CsvLineSplitter.split("", ','));
    }

    @Test
    void quotedFieldsWithDelimiterAndQuote() throws RowRejectedException {
        assertEquals(List.of("a,b", "say \"hi\"", ""), CsvLineSplitter.split("\"a,b\",\"say \"\"hi\"\"\",\"\"", ','));
    }

    @Test
    void quoteInsideUnquotedFieldIsLiteral() throws RowRejectedException {
        assertEquals(List.of("5\" disk", "x"), CsvLineSplitter.split("5\" disk\tx", '\t'));
    }

    @Test
    void unclosedQuoteRejected() {
        RowRejectedException error = assertThrows(RowRejectedException.class, () -> CsvLineSplitter.split("\"a,b", ','));

        assertEquals(RejectReason.UNDECODABLE, error.reason());
    }

    @Test
    void textAfterClosingQuoteRejected() {
        RowRejectedException error = assertThrows(RowRejectedException.class, () -> CsvLineSplitter.split("\"a\"b,c", ','));

        assertEquals(RejectReason.UNDECODABLE, error.reason());
    }
}
