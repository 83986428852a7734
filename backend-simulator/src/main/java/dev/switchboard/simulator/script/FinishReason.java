package dev.switchboard.simulator.script;

/** Why a reply ended. */
public enum FinishReason {
    STOP, LENGTH, TOOL_CALLS
}
