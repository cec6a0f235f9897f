package nl.infill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Infill: redevelopment potential of every parcel of a city that cannot grow outward. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InfillApplication {

    public static void main(String[] args) {
        SpringApplication.run(InfillApplication.class, args);
    }
}
