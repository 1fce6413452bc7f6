package io.cubevk.adapter.fake.ucloudapi;

import io.cubevk.adapter.fake.cloud.RetCodes;

/**
 * A request refused by the emulator while reading its parameters, before the cloud is called: a
 * missing parameter (220) or a value the API does not accept (230). The emulator still writes it to
 * the cloud's call log, so every request shows there.
 */
final class BadRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int retCode;

  private BadRequest(int retCode, String message) {
    super(message, null, false, false);
    this.retCode = retCode;
  }

  static BadRequest missing(String param) {
    return new BadRequest(RetCodes.MISSING_PARAMS, "Missing params [" + param + "]");
  }

  static BadRequest invalid(String param, String why) {
    return new BadRequest(
        RetCodes.PARAMS_NOT_AVAILABLE, "Params [" + param + "] not available: " + why);
  }

  int retCode() {
    return retCode;
  }
}
