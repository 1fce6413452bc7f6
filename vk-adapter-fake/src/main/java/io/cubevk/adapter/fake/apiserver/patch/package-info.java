/**
 * The patch formats of the Kubernetes API: RFC 6902 JSON patch (zjsonpatch), RFC 7386 merge patch,
 * and strategic merge patch with the patch merge keys of the served kinds and its directives.
 * Server-side apply is refused with 415.
 */
package io.cubevk.adapter.fake.apiserver.patch;
