#!/usr/bin/python3
"""A Storware-style client of SessionGate's sessions controller, using python-requests.

Storware's own integrations keep the session in a requests.Session() (the JSESSIONID cookie a login
sets). This logs in, checks GET /session (204), reads GET /session/user, refreshes the endpoints tokens
(and checks the old one no longer logs in), logs out, and checks the session is then refused (401).

    python3 scripts/interop/sessions.py --insecure                      # admin, $SESSIONGATE_ADMIN_PASSWORD
    python3 scripts/interop/sessions.py --base https://gw:8443/api --login ops --password '...' --ca-bundle ca.pem

Exits 0 when every step answered as expected, 1 otherwise. Needs only python3-requests (Debian package).
"""
import argparse
import os
import sys

import requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="https://127.0.0.1:8443/api", help="the sessions controller's base URL")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default=os.environ.get("SESSIONGATE_ADMIN_PASSWORD"),
                        help="default: $SESSIONGATE_ADMIN_PASSWORD")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--ca-bundle", help="PEM file that verifies the gateway's certificate")
    tls.add_argument("--insecure", action="store_true", help="do not verify the certificate (dev certificate)")
    args = parser.parse_args()
    if not args.password:
        parser.error("give --password or set SESSIONGATE_ADMIN_PASSWORD")
    verify = args.ca_bundle or not args.insecure
    if args.insecure:
        requests.packages.urllib3.disable_warnings()

    failures = []

    def step(name, response, expected):
        ok = response.status_code == expected
        print(f"{'ok  ' if ok else 'FAIL'} {name}: HTTP {response.status_code} (expected {expected})")
        if not ok:
            failures.append(name)
            print(f"     body: {response.text[:300]}")
        return ok

    session = requests.Session()
    # Passed on every call: requests lets REQUESTS_CA_BUNDLE override a Session's own verify setting.
    tls_args = {"verify": verify}
    base = args.base.rstrip("/")

    login = session.post(f"{base}/session/login", json={"login": args.login, "password": args.password},
                         **tls_args)
    if not step("POST /session/login", login, 201):
        return 1
    info = login.json()
    cookie = next(c for c in session.cookies if c.name == "JSESSIONID")
    print(f"     requester={info['requester']['name']} privileges={len(info['privileges'])} "
          f"lastSuccessfulLogin={info['lastSuccessfulLogin']} cookie: secure={cookie.secure} "
          f"httponly={cookie.has_nonstandard_attr('HttpOnly') or cookie.has_nonstandard_attr('HTTPOnly')}")

    step("GET /session", session.get(f"{base}/session", **tls_args), 204)

    user = session.get(f"{base}/session/user", **tls_args)
    if step("GET /session/user", user, 200):
        print(f"     language={user.json()['language']} uiTimeZone={user.json()['uiTimeZone']}")

    old_token = info["endpointsTokens"]["endpointsServerManagerToken"]
    refreshed = session.post(f"{base}/session/refresh-endpoints-tokens", **tls_args)
    if step("POST /session/refresh-endpoints-tokens", refreshed, 201):
        new_token = refreshed.json()["endpointsTokens"]["endpointsServerManagerToken"]
        print(f"     new endpoints token differs from the old: {new_token != old_token}")
        # A separate client, so its login does not replace this session's cookie.
        step("POST /session/login-with-token (old endpoints token)",
             requests.post(f"{base}/session/login-with-token", json={"token": old_token}, **tls_args), 401)

    step("POST /session/logout", session.post(f"{base}/session/logout", **tls_args), 201)

    step("GET /session after logout", session.get(f"{base}/session", **tls_args), 401)

    # The logout cleared the cookie in this client; a copy of it kept elsewhere must be refused too.
    session.cookies.set("JSESSIONID", cookie.value, domain=cookie.domain, path=cookie.path, secure=True)
    step("GET /session after logout (old cookie)", session.get(f"{base}/session", **tls_args), 401)

    print("all steps answered as expected" if not failures else f"{len(failures)} step(s) failed")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
