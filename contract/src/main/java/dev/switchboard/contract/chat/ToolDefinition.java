package dev.switchboard.contract.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool the model may call; {@code inputSchema} is a JSON schema of the arguments object. */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {
}
