package dev.ec2service.ec2api.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Ec2XmlTest {

    @Test
    @DisplayName("an error echoing control characters and a lone surrogate is still well-formed XML 1.0")
    void invalidCharactersReplaced() throws Exception {
        String xml = Ec2Xml.error("InvalidAction", "The action \u0001\u001b\ud800x\uffff is not valid; \ud83d\ude00 ok",
                "rid");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        String message = doc.getElementsByTagName("Message").item(0).getTextContent();
        assertThat(message).isEqualTo("The action \ufffd\ufffd\ufffdx\ufffd is not valid; \ud83d\ude00 ok");
    }
}
