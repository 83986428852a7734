package dev.switchboard.gateway.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WebPageTest {

    @ParameterizedTest(name = "Accept: {0} → page {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | true",
            "TEXT/HTML | true",
            "application/xhtml+xml | true",
            "text/plain, text/html;q=0.5 | true",
            "*/* | false",
            "text/* | false",
            "application/json | false",
            "text/plain | false",
            "NULL | false",
            "'' | false",
            "text/html;q=0 | false",
            "text/html; q=0.0, */* | false",
            "text/html;q=oops | true",
            "text/htmlx | false",
    })
    void onlyAnAcceptNamingHtmlGetsThePage(String accept, boolean page) {
        assertThat(WebPage.wantsHtml(accept)).isEqualTo(page);
    }
}
