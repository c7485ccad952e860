package ai.pagent.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryStringTest {
    @Test
    void findsTheFirstValueDecoded() {
        assertThat(QueryString.first("a=1&_pgnt=%7B%22x%22%3A1%7D+y&_pgnt=2", "_pgnt"))
                .isEqualTo("{\"x\":1} y");
    }

    @Test
    void matchesWholeNamesOnly() {
        assertThat(QueryString.first("_pgnt_session_id=s", "_pgnt")).isNull();
        assertThat(QueryString.first("x_pgnt=s", "_pgnt")).isNull();
    }

    @Test
    void readsEncodedNamesAndEmptyValues() {
        assertThat(QueryString.first("%5Fpgnt=v", "_pgnt")).isEqualTo("v");
        assertThat(QueryString.first("_pgnt&b=1", "_pgnt")).isEmpty();
        assertThat(QueryString.first("_pgnt=", "_pgnt")).isEmpty();
    }

    @Test
    void absentQueriesHaveNoValues() {
        assertThat(QueryString.first(null, "_pgnt")).isNull();
        assertThat(QueryString.first("", "_pgnt")).isNull();
        assertThat(QueryString.first("&&=&", "_pgnt")).isNull();
    }

    @Test
    void brokenEncodingOfTheValueIsAnError() {
        assertThatThrownBy(() -> QueryString.first("_pgnt=%zz", "_pgnt")).isInstanceOf(IllegalArgumentException.class);
        assertThat(QueryString.first("%zz=1&_pgnt=ok", "_pgnt")).isEqualTo("ok");
    }

    @Test
    void recognisesFormContentTypes() {
        assertThat(RequestVariables.isForm("application/x-www-form-urlencoded")).isTrue();
        assertThat(RequestVariables.isForm("Application/X-WWW-Form-URLEncoded; charset=UTF-8"))
                .isTrue();
        assertThat(RequestVariables.isForm("application/x-www-form-urlencodedX"))
                .isFalse();
        assertThat(RequestVariables.isForm("multipart/form-data; boundary=x")).isFalse();
        assertThat(RequestVariables.isForm(null)).isFalse();
    }
}
