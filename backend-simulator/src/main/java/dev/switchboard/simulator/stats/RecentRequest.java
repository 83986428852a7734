package dev.switchboard.simulator.stats;

/** A summary whose outcome is filled in when the request ends. */
final class RecentRequest {

    private final RequestSummary summary;
    private volatile String outcome = "in_flight";

    RecentRequest(RequestSummary summary) {
        this.summary = summary;
    }

    void outcome(String outcome) {
        this.outcome = outcome;
    }

    RequestSummary view() {
        RequestSummary s = summary;
        return new RequestSummary(s.requestId(), s.protocol(), s.path(), s.model(), s.stream(), s.messages(),
                s.lastUserMessage(), s.tools(), s.maxTokens(), s.numCtx(), s.promptTokens(), s.receivedAt(), outcome);
    }
}
