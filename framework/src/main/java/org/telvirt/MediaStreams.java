package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The media load: {@code value} RTP streams of 50 packets a second each, measured for
 * {@code seconds} after {@code warmupSeconds} that count for nothing. The stream count is the
 * paper's; a host profile may scale it to what the machine carries, and every result says so.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MediaStreams {
    int value() default 800;

    int seconds() default 20;

    int warmupSeconds() default 3;

    /** CPU work per packet in the media server, standing for transcoding and tone detection. */
    int workMicros() default 10;
}
