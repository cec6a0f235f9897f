/**
 * Cross-cutting concerns: configuration, the error path, health, SQL loading, security. Owns the
 * tables of shared web sessions (Spring Session JDBC, written by the library, not by our SQL).
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@Owns({"spring_session", "spring_session_attributes"})
package nl.infill.system;
