package nl.infill.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The database objects a module owns, declared on its {@code package-info}: the tables, views
 * and functions its migrations create, a schema as {@code "analysis.*"} for everything in it.
 * Only the owner's SQL ({@code sql/<module>/}) names them, except the ones it publishes: those
 * other modules may read, and none may write. {@code ModularityTests} checks every SQL file
 * against these declarations, and the declarations against the objects the migrations create
 * (each has exactly one owner). The layer tables are declared by {@code nl.infill.layers.Layer}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Owns {

    /** Names as the migrations create them: {@code scenario}, {@code analysis.*}, {@code infill_ingest_note}. */
    String[] value() default {};

    /** Of those, what other modules may read: this module's published data. */
    String[] published() default {};
}
