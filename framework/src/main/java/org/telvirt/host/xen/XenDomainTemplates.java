package org.telvirt.host.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.Role;
import org.telvirt.host.HostProfile;

/**
 * The domains a run makes itself: a profile's {@code settings.domainConfig.<role>} is an {@code xl} domain
 * configuration template, given inline (a value of several lines) or as a file, absolute or beside the profile. Its
 * {@code ${image}}, {@code ${imageVersion}}, {@code ${domain}} and {@code ${role}} are filled in before anything runs;
 * a template that cannot be filled in, or that would make a domain of another name than the role's, is a
 * configuration error naming the setting. Roles without the setting are domains that exist already.
 */
final class XenDomainTemplates {

    static final String SETTING_PREFIX = "domainConfig.";
    static final String IMAGE = "image";
    static final String IMAGE_VERSION = "imageVersion";
    static final String DOMAIN = "domain";
    static final String ROLE = "role";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    /** The one line of an xl configuration that names the domain; xl takes the last one it reads. */
    private static final Pattern NAME_LINE = Pattern.compile("(?m)^\\s*name\\s*=\\s*\"([^\"]*)\"\\s*(#.*)?$");
    /** What would end an xl string value early or start another line of configuration. */
    private static final Pattern UNSAFE_VALUE = Pattern.compile("[\"'\\\\\\p{Cntrl}]");

    private XenDomainTemplates() {
    }

    /** A domain made for a run from its rendered configuration; the run writes {@code text} to Dom0 and creates it. */
    record DomainConfig(String role, String domain, String text) {
    }

    /**
     * Every {@code domainConfig.<role>} of the profile, rendered, in {@link Role#ALL} order.
     *
     * @param profileDirectory where a relative template path is read from: the profile file's directory
     * @param image the image under test ({@code -Dtelvirt.image}), null when the build names none
     * @param imageVersion its version ({@code -Dtelvirt.imageVersion}), null when the build names none
     * @throws InvalidConfigurationException naming every setting that cannot be rendered
     */
    static List<DomainConfig> render(HostProfile profile, Path profileDirectory, String image, String imageVersion) {
        List<String> problems = new ArrayList<>();
        Map<String, String> templates = new LinkedHashMap<>();
        if (profile.settings() != null) {
            profile.settings().forEach((key, value) -> {
                if (!key.startsWith(SETTING_PREFIX)) {
                    return;
                }
                String role = key.substring(SETTING_PREFIX.length());
                if (role.equals(Role.DOM0) || !Role.ALL.contains(role)) {
                    problems.add(where(profile, key) + " names no guest role (one of "
                            + String.join(", ", Role.ALL.subList(1, Role.ALL.size())) + "; Dom0 is Xen's own)");
                } else {
                    templates.put(role, value);
                }
            });
        }
        List<DomainConfig> configs = new ArrayList<>();
        for (String role : Role.ALL) {
            String template = templates.get(role);
            if (template == null) {
                continue;
            }
            String key = SETTING_PREFIX + role;
            String text = template.contains("\n") ? template : read(profile, key, template, profileDirectory, problems);
            if (text == null) {
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(IMAGE, image);
            variables.put(IMAGE_VERSION, imageVersion);
            variables.put(DOMAIN, profile.domainName(role));
            variables.put(ROLE, role);
            String rendered = substitute(where(profile, key), text, variables, problems);
            if (rendered != null) {
                checkName(where(profile, key), rendered, profile.domainName(role), role, problems);
                configs.add(new DomainConfig(role, profile.domainName(role), rendered));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return configs;
    }

    private static String read(HostProfile profile, String key, String path, Path profileDirectory,
            List<String> problems) {
        Path file = profileDirectory.resolve(path).toAbsolutePath().normalize();
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            problems.add(where(profile, key) + ": cannot read the xl domain configuration template " + file + " ("
                    + unreadable.getClass().getSimpleName() + ": " + unreadable.getMessage() + "); a relative path is"
                    + " read beside the profile file");
            return null;
        }
    }

    /** The template with every {@code ${name}} filled in, or null after adding each problem. */
    static String substitute(String where, String template, Map<String, String> variables, List<String> problems) {
        int before = problems.size();
        StringBuilder rendered = new StringBuilder();
        Matcher variable = VARIABLE.matcher(template);
        int end = 0;
        while (variable.find()) {
            rendered.append(template, end, variable.start());
            end = variable.end();
            String name = variable.group(1);
            if (!variables.containsKey(name)) {
                problems.add(where + ": unknown variable ${" + name + "} (known: " + String.join(", ",
                        variables.keySet().stream().map(known -> "${" + known + "}").toList()) + ")");
                continue;
            }
            String value = variables.get(name);
            if (value == null) {
                problems.add(where + " uses ${" + name + "}, and the build names no " + (name.equals(IMAGE)
                        ? "image: pass -Dtelvirt.image=PATH (the pipeline's TELVIRT_IMAGE)"
                        : "image version: pass -Dtelvirt.imageVersion=VERSION (the pipeline's TELVIRT_IMAGE_VERSION)"));
                continue;
            }
            if (UNSAFE_VALUE.matcher(value).find()) {
                problems.add(where + ": ${" + name + "} is \"" + value.replaceAll("\\p{Cntrl}", "?") + "\", which holds"
                        + " a quote, backslash or control character that would break the xl configuration");
                continue;
            }
            rendered.append(value);
        }
        rendered.append(template.substring(end));
        int unclosed = rendered.indexOf("${");
        if (unclosed >= 0 && problems.size() == before) {
            problems.add(where + ": '${' without its closing '}' in the template");
        }
        return problems.size() == before ? rendered.toString() : null;
    }

    /**
     * The configuration must make exactly the role's domain: the run destroys what it created by that name, so a
     * template that named another domain would leave one behind, or take one that was there before.
     */
    private static void checkName(String where, String rendered, String domain, String role, List<String> problems) {
        Matcher name = NAME_LINE.matcher(rendered);
        String last = null;
        while (name.find()) {
            last = name.group(1);
        }
        if (last == null) {
            problems.add(where + " sets no name: add the line name = \"${domain}\"");
        } else if (!last.equals(domain)) {
            problems.add(where + " makes domain \"" + last + "\", but the profile's role '" + role + "' is domain \""
                    + domain + "\" (domains." + role + "): write name = \"${domain}\"");
        }
    }

    private static String where(HostProfile profile, String key) {
        return "host profile " + profile.name() + ": settings." + key;
    }
}
