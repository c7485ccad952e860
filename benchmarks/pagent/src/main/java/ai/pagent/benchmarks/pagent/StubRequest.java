package ai.pagent.benchmarks.pagent;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough of a servlet request for the filter benchmark: headers and attributes in maps, a
 * POST to {@code /checkout}; everything the filter does not call throws.
 */
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
final class StubRequest implements jakarta.servlet.http.HttpServletRequest {
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // lookups allocate nothing
    final Map<String, Object> attributes = new HashMap<>();

    StubRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @Override
    public <T extends jakarta.servlet.http.HttpUpgradeHandler> T upgrade(java.lang.Class<T> a0)
            throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("upgrade");
    }

    @Override
    public boolean authenticate(jakarta.servlet.http.HttpServletResponse a0)
            throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("authenticate");
    }

    @Override
    public boolean isAsyncStarted() {
        throw new UnsupportedOperationException("isAsyncStarted");
    }

    @Override
    public boolean isAsyncSupported() {
        throw new UnsupportedOperationException("isAsyncSupported");
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        throw new UnsupportedOperationException("isRequestedSessionIdFromCookie");
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        throw new UnsupportedOperationException("isRequestedSessionIdFromURL");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        throw new UnsupportedOperationException("isRequestedSessionIdValid");
    }

    @Override
    public boolean isSecure() {
        throw new UnsupportedOperationException("isSecure");
    }

    @Override
    public boolean isUserInRole(java.lang.String a0) {
        throw new UnsupportedOperationException("isUserInRole");
    }

    @Override
    public int getContentLength() {
        throw new UnsupportedOperationException("getContentLength");
    }

    @Override
    public int getIntHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getIntHeader");
    }

    @Override
    public int getLocalPort() {
        throw new UnsupportedOperationException("getLocalPort");
    }

    @Override
    public int getRemotePort() {
        throw new UnsupportedOperationException("getRemotePort");
    }

    @Override
    public int getServerPort() {
        throw new UnsupportedOperationException("getServerPort");
    }

    @Override
    public jakarta.servlet.AsyncContext getAsyncContext() {
        throw new UnsupportedOperationException("getAsyncContext");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync() throws java.lang.IllegalStateException {
        throw new UnsupportedOperationException("startAsync");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync(
            jakarta.servlet.ServletRequest a0, jakarta.servlet.ServletResponse a1)
            throws java.lang.IllegalStateException {
        throw new UnsupportedOperationException("startAsync");
    }

    @Override
    public jakarta.servlet.DispatcherType getDispatcherType() {
        return jakarta.servlet.DispatcherType.REQUEST;
    }

    @Override
    public jakarta.servlet.RequestDispatcher getRequestDispatcher(java.lang.String a0) {
        throw new UnsupportedOperationException("getRequestDispatcher");
    }

    @Override
    public jakarta.servlet.ServletConnection getServletConnection() {
        throw new UnsupportedOperationException("getServletConnection");
    }

    @Override
    public jakarta.servlet.ServletContext getServletContext() {
        return null; // no context: the filter's lookups use the default carrier names
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException {
        throw new UnsupportedOperationException("getInputStream");
    }

    @Override
    public jakarta.servlet.http.Cookie[] getCookies() {
        throw new UnsupportedOperationException("getCookies");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession() {
        throw new UnsupportedOperationException("getSession");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession(boolean a0) {
        throw new UnsupportedOperationException("getSession");
    }

    @Override
    public jakarta.servlet.http.Part getPart(java.lang.String a0)
            throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("getPart");
    }

    @Override
    public java.io.BufferedReader getReader() throws java.io.IOException {
        throw new UnsupportedOperationException("getReader");
    }

    @Override
    public java.lang.Object getAttribute(java.lang.String a0) {
        return attributes.get(a0);
    }

    @Override
    public java.lang.String changeSessionId() {
        throw new UnsupportedOperationException("changeSessionId");
    }

    @Override
    public java.lang.String getAuthType() {
        throw new UnsupportedOperationException("getAuthType");
    }

    @Override
    public java.lang.String getCharacterEncoding() {
        throw new UnsupportedOperationException("getCharacterEncoding");
    }

    @Override
    public java.lang.String getContentType() {
        return "application/json";
    }

    @Override
    public java.lang.String getContextPath() {
        return "";
    }

    @Override
    public java.lang.String getHeader(java.lang.String a0) {
        return headers.get(a0);
    }

    @Override
    public java.lang.String getLocalAddr() {
        throw new UnsupportedOperationException("getLocalAddr");
    }

    @Override
    public java.lang.String getLocalName() {
        throw new UnsupportedOperationException("getLocalName");
    }

    @Override
    public java.lang.String getMethod() {
        return "POST";
    }

    @Override
    public java.lang.String getParameter(java.lang.String a0) {
        return null;
    }

    @Override
    public java.lang.String getPathInfo() {
        return null;
    }

    @Override
    public java.lang.String getPathTranslated() {
        throw new UnsupportedOperationException("getPathTranslated");
    }

    @Override
    public java.lang.String getProtocol() {
        throw new UnsupportedOperationException("getProtocol");
    }

    @Override
    public java.lang.String getProtocolRequestId() {
        throw new UnsupportedOperationException("getProtocolRequestId");
    }

    @Override
    public java.lang.String getQueryString() {
        return null;
    }

    @Override
    public java.lang.String getRemoteAddr() {
        throw new UnsupportedOperationException("getRemoteAddr");
    }

    @Override
    public java.lang.String getRemoteHost() {
        throw new UnsupportedOperationException("getRemoteHost");
    }

    @Override
    public java.lang.String getRemoteUser() {
        throw new UnsupportedOperationException("getRemoteUser");
    }

    @Override
    public java.lang.String getRequestId() {
        throw new UnsupportedOperationException("getRequestId");
    }

    @Override
    public java.lang.String getRequestURI() {
        return "/checkout";
    }

    @Override
    public java.lang.String getRequestedSessionId() {
        throw new UnsupportedOperationException("getRequestedSessionId");
    }

    @Override
    public java.lang.String getScheme() {
        throw new UnsupportedOperationException("getScheme");
    }

    @Override
    public java.lang.String getServerName() {
        throw new UnsupportedOperationException("getServerName");
    }

    @Override
    public java.lang.String getServletPath() {
        return "/checkout";
    }

    @Override
    public java.lang.StringBuffer getRequestURL() {
        throw new UnsupportedOperationException("getRequestURL");
    }

    @Override
    public java.lang.String[] getParameterValues(java.lang.String a0) {
        throw new UnsupportedOperationException("getParameterValues");
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        throw new UnsupportedOperationException("getUserPrincipal");
    }

    @Override
    public java.util.Collection<jakarta.servlet.http.Part> getParts()
            throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("getParts");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getAttributeNames() {
        throw new UnsupportedOperationException("getAttributeNames");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaderNames() {
        throw new UnsupportedOperationException("getHeaderNames");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaders(java.lang.String a0) {
        throw new UnsupportedOperationException("getHeaders");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getParameterNames() {
        throw new UnsupportedOperationException("getParameterNames");
    }

    @Override
    public java.util.Enumeration<java.util.Locale> getLocales() {
        throw new UnsupportedOperationException("getLocales");
    }

    @Override
    public java.util.Locale getLocale() {
        throw new UnsupportedOperationException("getLocale");
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.String[]> getParameterMap() {
        throw new UnsupportedOperationException("getParameterMap");
    }

    @Override
    public long getContentLengthLong() {
        throw new UnsupportedOperationException("getContentLengthLong");
    }

    @Override
    public long getDateHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getDateHeader");
    }

    @Override
    public void login(java.lang.String a0, java.lang.String a1) throws jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("login");
    }

    @Override
    public void logout() throws jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("logout");
    }

    @Override
    public void removeAttribute(java.lang.String a0) {
        attributes.remove(a0);
    }

    @Override
    public void setAttribute(java.lang.String a0, java.lang.Object a1) {
        attributes.put(a0, a1);
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) throws java.io.UnsupportedEncodingException {
        throw new UnsupportedOperationException("setCharacterEncoding");
    }
}
