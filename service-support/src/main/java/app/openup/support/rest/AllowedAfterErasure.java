package app.openup.support.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint an erased partner may still call: erasure itself, so that an erasure cut short can be
 * asked again and completed. Every other endpoint answers an erased partner 410.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowedAfterErasure {}
