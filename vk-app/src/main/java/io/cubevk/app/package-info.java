/**
 * The application: the engine ({@code engine}: node and pod controllers, use-case services), the
 * Guice wiring that picks adapters ({@code wiring}), the embedding facade ({@code facade}) and the
 * CLI ({@code cli}). Only wiring, facade and CLI may name adapter classes; the engine sees ports.
 */
package io.cubevk.app;
