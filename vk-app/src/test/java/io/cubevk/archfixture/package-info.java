/**
 * Deliberately bad classes laid out like the project ({@code domain}, {@code ports}, {@code
 * adapter}, {@code app}) so that every layering rule is shown to fail. Never used by real code.
 */
package io.cubevk.archfixture;
