package io.affinity.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that undoes a {@code Content-Encoding} (gzip) itself; every other endpoint refuses an encoded
 * body with 415 ({@link ContentEncodingFilter}). The HTTP layer's own decompression is off: it closes the
 * connection of a broken gzip body without an answer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DecodesContent {}
