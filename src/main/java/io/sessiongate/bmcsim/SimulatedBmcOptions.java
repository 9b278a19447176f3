package io.sessiongate.bmcsim;

/**
 * How one simulated BMC behaves: credentials, the hard cap on concurrent sessions (iDRAC, XCC and
 * Supermicro allow about 16), how long a login takes, the inactivity timeout of its sessions, and the habits
 * of real firmware it imitates ({@link Quirks}).
 */
public record SimulatedBmcOptions(String host, int port, String username, String password, int maxSessions,
                                  int loginLatencyMillis, int sessionTimeoutSeconds, boolean tls, Quirks quirks) {

  public SimulatedBmcOptions(String host, int port, String username, String password, int maxSessions,
                             int loginLatencyMillis, int sessionTimeoutSeconds, boolean tls) {
    this(host, port, username, password, maxSessions, loginLatencyMillis, sessionTimeoutSeconds, tls, Quirks.NONE);
  }

  public SimulatedBmcOptions with(Quirks quirks) {
    return new SimulatedBmcOptions(host, port, username, password, maxSessions, loginLatencyMillis,
      sessionTimeoutSeconds, tls, quirks);
  }

  /** Where a login's answer says the new session is: the {@code Location} header it sends, if any. */
  public enum LocationStyle {
    /** {@code http://host:port/redfish/v1/SessionService/Sessions/7} */
    ABSOLUTE,
    /** {@code /redfish/v1/SessionService/Sessions/7} (what most firmware sends) */
    PATH,
    /** {@code Sessions/7}, a reference relative to the Sessions collection */
    RELATIVE,
    /** no Location header: only the session's {@code @odata.id} in the body says where it is */
    NONE
  }

  /** How a login refused because the BMC is full is answered, after the firmware families that answer so. */
  public enum SessionLimitStyle {
    /** 503 with MessageId {@code IDRAC.2.8.RAC0218} */
    IDRAC,
    /** 400 with MessageId {@code Base.1.8.SessionLimitExceeded} */
    XCC,
    /** 429 with the message "Maximum number of sessions reached" */
    ILO
  }

  /**
   * Habits of real BMCs, each reproducible on its own: {@code loginStatus} 200, 201 or 204 for a login;
   * {@code noSessionService}: HTTP Basic only (no SessionService, no {@code Links.Sessions}); {@code closeAfter}
   * (0: never): the connection is closed, without notice, after that many answers on it; {@code idleCloseMillis}
   * (0: never): a keep-alive connection idle that long is closed without notice; {@code answerLatencyMillis}: how
   * long a request of the Redfish tree takes to be answered (real BMCs take 50-500 ms); {@code sessionsPath}: where
   * the Sessions collection is (DSP0266 lets a service put it anywhere; the service root's Links.Sessions says);
   * {@code resetDelayMillis}: how long a ComputerSystem.Reset takes to be answered (real BMCs hold the request while
   * the host powers, seconds).
   */
  public record Quirks(int loginStatus, LocationStyle location, boolean noSessionService, int closeAfter,
                       int idleCloseMillis, SessionLimitStyle sessionLimitStyle, int answerLatencyMillis,
                       String sessionsPath, int resetDelayMillis) {
    public static final String STANDARD_SESSIONS = "/redfish/v1/SessionService/Sessions";
    public static final Quirks NONE = new Quirks(201, LocationStyle.PATH, false, 0, 0, SessionLimitStyle.IDRAC, 0,
      STANDARD_SESSIONS);

    /** Resets answered at once. */
    public Quirks(int loginStatus, LocationStyle location, boolean noSessionService, int closeAfter, int idleCloseMillis,
                  SessionLimitStyle sessionLimitStyle, int answerLatencyMillis, String sessionsPath) {
      this(loginStatus, location, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle, answerLatencyMillis,
        sessionsPath, 0);
    }

    public Quirks {
      if (loginStatus != 200 && loginStatus != 201 && loginStatus != 204) {
        throw new IllegalArgumentException("loginStatus must be 200, 201 or 204, not " + loginStatus);
      }
      if (resetDelayMillis < 0) {
        throw new IllegalArgumentException("--reset-delay-ms takes 0 or more, not " + resetDelayMillis);
      }
      if (!sessionsPath.matches("/redfish/v1/[A-Za-z0-9/]+[A-Za-z0-9]")) {
        throw new IllegalArgumentException("--sessions-path takes a path under /redfish/v1/ (letters, digits and /), not '"
          + sessionsPath + "'");
      }
    }

    public Quirks loginStatus(int status) {
      return new Quirks(status, location, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    }

    public Quirks location(LocationStyle style) {
      return new Quirks(loginStatus, style, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    }

    public Quirks basicOnly() {
      return new Quirks(loginStatus, location, true, closeAfter, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    }

    public Quirks closeAfter(int answers) {
      return new Quirks(loginStatus, location, noSessionService, answers, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    }

    public Quirks idleCloseMillis(int millis) {
      return new Quirks(loginStatus, location, noSessionService, closeAfter, millis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    }

    public Quirks answerLatencyMillis(int millis) {
      return new Quirks(loginStatus, location, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle, millis,
        sessionsPath, resetDelayMillis);
    }

    public Quirks sessionsPath(String path) {
      return new Quirks(loginStatus, location, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, path, resetDelayMillis);
    }

    public Quirks resetDelayMillis(int millis) {
      return new Quirks(loginStatus, location, noSessionService, closeAfter, idleCloseMillis, sessionLimitStyle,
        answerLatencyMillis, sessionsPath, millis);
    }

    public Quirks sessionLimitStyle(SessionLimitStyle style) {
      return new Quirks(loginStatus, location, noSessionService, closeAfter, idleCloseMillis, style, answerLatencyMillis, sessionsPath, resetDelayMillis);
    }
  }
}
