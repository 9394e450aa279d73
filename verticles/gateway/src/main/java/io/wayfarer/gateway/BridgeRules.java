package io.wayfarer.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.wayfarer.shared.clock.ClockContract;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SockJS bridge lets through (DESIGN rule 6): named public addresses outbound, nothing inbound.
 * Every permit names an exact address; a permit without one would open the whole bus.
 */
final class BridgeRules {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeRules.class);

  /** The addresses any browser may listen to. README lists them; keep the two in step. */
  static final List<String> PUBLIC_OUTBOUND = List.of(
      ClockContract.TICKS,
      ClockContract.PHASE_CHANGED,
      ClockContract.SEASON_CHANGED);

  private BridgeRules() {}

  static SockJSBridgeOptions options(JsonObject bridgeConf) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setMaxHandlersPerSocket(bridgeConf.getInteger("maxHandlersPerSocket"))
        .setPingTimeout(bridgeConf.getLong("pingTimeoutMillis"))
        .setMaxAddressLength(100)
        // Browsers never await a reply from a server-side handler through this bridge.
        .setReplyTimeout(1);
    PUBLIC_OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    return options;
  }

  /**
   * Called for every bridge event after the permit check passed. Browsers may not send or publish at all:
   * that is refused here too, so a permit added by mistake later does not quietly open a door.
   */
  static void onEvent(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH) {
      LOG.debug("Refused a browser {} to {}", type, event.getRawMessage() == null ? null : event.getRawMessage().getString("address"));
      event.complete(false);
      return;
    }
    event.complete(true);
  }
}
