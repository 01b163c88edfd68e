package io.affinity.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies of the management API: a string PostgreSQL could not store (NUL, a broken surrogate) is refused
 * where Jackson reads it, as a 400 naming the field, instead of failing deep in a statement with a 500. The tracking
 * API reads its bytes with its own parser and checks them there.
 */
@Singleton
public class StoredTextJackson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("stored-text").addDeserializer(String.class, new Checked()));
    }

    /** Jackson's own string reading, then the check. */
    static final class Checked extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = super.deserialize(p, ctxt);
            String problem = StoredText.problem(s);
            if (problem != null) {
                throw InvalidFormatException.from(p, "the text " + problem, StoredText.visible(s), String.class);
            }
            return s;
        }
    }
}
