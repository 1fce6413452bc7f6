/**
 * Who may do what on the in-process API server: its certificate authority (Bouncy Castle), the
 * service-account tokens it signs (jose4j), and the small authorisation policy that
 * SubjectAccessReviews are answered from.
 */
package io.cubevk.adapter.fake.apiserver.auth;
