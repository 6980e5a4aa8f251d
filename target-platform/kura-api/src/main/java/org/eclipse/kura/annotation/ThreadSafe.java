package org.eclipse.kura.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Mirrors Kura's {@code @ThreadSafe} documentation annotation. */
@Documented
@Retention(RetentionPolicy.CLASS)
public @interface ThreadSafe {
}
