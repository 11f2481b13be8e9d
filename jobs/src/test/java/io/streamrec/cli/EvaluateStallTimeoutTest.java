package io.streamrec.cli;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code --stall-timeout} option of {@code evaluate} and {@code demo}. */
class EvaluateStallTimeoutTest {

    @Test
    void defaultIsOneMinute() {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs();

        assertEquals(Duration.ofSeconds(60), command.stall.stallTimeout());
    }

    @Test
    void durationParsed() {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs("--stall-timeout", "5m");

        assertEquals(Duration.ofMinutes(5), command.stall.stallTimeout());
    }

    @Test
    void demoTakesSameOption() {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs("--stall-timeout", "90s");

        assertEquals(Duration.ofSeconds(90), command.stall.stallTimeout());
    }

    @Test
    void boundsAccepted() {
        assertEquals(StallTimeoutMixin.MIN, StallTimeoutMixin.parse("10s"));
        assertEquals(StallTimeoutMixin.MAX, StallTimeoutMixin.parse("24h"));
    }

    @Test
    void outOfRangeRejected() {
        for (String text : new String[] {"9s", "0s", "25h"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> StallTimeoutMixin.parse(text), text);
            assertTrue(e.getMessage().contains("'--stall-timeout'"), e.getMessage());
            assertTrue(e.getMessage().contains("from 10s to 24h"), e.getMessage());
        }
    }

    @Test
    void nonDurationRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StallTimeoutMixin.parse("soon"));
        assertTrue(e.getMessage().contains("Invalid value 'soon'"), e.getMessage());
    }

    @Test
    void invalidValueExitsWithUsageError() {
        assertEquals(2, StreamrecCli.execute("evaluate", "--stall-timeout", "1s",
                "--format", "movielens", "--file", "missing.data"));
    }
}
