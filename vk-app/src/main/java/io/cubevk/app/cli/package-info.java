/**
 * The {@code cube-vk} command line (picocli). Commands parse and validate their options, choose the
 * Guice modules to wire, and print results; they hold no engine logic.
 */
package io.cubevk.app.cli;
