/** Cross-cutting concerns: configuration, the error path, health, SQL loading, security. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package nl.infill.system;
