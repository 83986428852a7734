package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.script.FinishReason;

/** How a generation ended. */
public record Completion(FinishReason finish, Usage usage, Timings timings) {
}
