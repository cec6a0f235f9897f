/** The database schema's history: refusing, in plain words, a database an older checkout migrated. */
package nl.infill.system.schema;
